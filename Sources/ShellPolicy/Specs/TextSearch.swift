/// Substring search in linear time (Knuth–Morris–Pratt over UTF-8), for user-sized text: a 100 KB
/// argument searched for a 100 KB replace-string must not cost their product.
enum TextSearch {
    static func contains(_ text: String, _ pattern: String) -> Bool {
        let needle = Array(pattern.utf8)
        guard !needle.isEmpty else { return true }
        guard text.utf8.count >= needle.count else { return false }
        var failure = [Int](repeating: 0, count: needle.count)
        var k = 0
        for i in 1..<needle.count {
            while k > 0 && needle[i] != needle[k] { k = failure[k - 1] }
            if needle[i] == needle[k] { k += 1 }
            failure[i] = k
        }
        var matched = 0
        for byte in text.utf8 {
            while matched > 0 && byte != needle[matched] { matched = failure[matched - 1] }
            if byte == needle[matched] { matched += 1 }
            if matched == needle.count { return true }
        }
        return false
    }
}
