/// Decoding helpers for `pvesh … --output-format json`, whose types follow Perl scalars rather
/// than the API schema: numbers read from `/proc` arrive as strings (`"loadavg":["0.62",…]`,
/// `"mhz":"4389.516"`), booleans as `0`/`1`. A field of an unexpected type is treated as missing
/// instead of failing the whole answer — one odd field should not hide a node's status.
extension KeyedDecodingContainer {
    func proxmoxDouble(_ key: Key) -> Double? {
        if let number = try? decodeIfPresent(Double.self, forKey: key) { return number }
        if let text = try? decodeIfPresent(String.self, forKey: key) { return Double(text.strippingPadding()) }
        return nil
    }

    func proxmoxInt(_ key: Key) -> Int? {
        if let number = try? decodeIfPresent(Int.self, forKey: key) { return number }
        // Perl may print a large integer as a float (`1.5e+11`) or as a string.
        guard let number = proxmoxDouble(key), number.isFinite,
              number >= Double(Int.min), number < Double(Int.max) else { return nil }
        return Int(number)
    }

    func proxmoxString(_ key: Key) -> String? {
        if let text = try? decodeIfPresent(String.self, forKey: key) { return text }
        if let number = try? decodeIfPresent(Int.self, forKey: key) { return String(number) }
        if let number = try? decodeIfPresent(Double.self, forKey: key) { return String(number) }
        return nil
    }

    /// `0`/`1`, `"0"`/`"1"` or a JSON boolean.
    func proxmoxBool(_ key: Key) -> Bool? {
        if let flag = try? decodeIfPresent(Bool.self, forKey: key) { return flag }
        return proxmoxInt(key).map { $0 != 0 }
    }

    func proxmoxDoubles(_ key: Key) -> [Double]? {
        if let numbers = try? decodeIfPresent([Double].self, forKey: key) { return numbers }
        guard let texts = try? decodeIfPresent([String].self, forKey: key) else { return nil }
        let numbers = texts.compactMap { Double($0.strippingPadding()) }
        return numbers.count == texts.count ? numbers : nil
    }

    /// A nested object, or nil when it is missing or not an object.
    func proxmoxObject<T: Decodable>(_ type: T.Type, _ key: Key) -> T? {
        (try? decodeIfPresent(type, forKey: key)) ?? nil
    }
}
