import Foundation

/// The fields a person cares about from `pvesh get /nodes/NODE/status --output-format json`.
///
/// Keys keep Proxmox's API names (`boot-info`, `kversion`, `loadavg`), so the JSON reads like the
/// API documentation. Every field is optional: keys differ between releases (`cpuinfo.vendor` is
/// new after 9.1) and boot modes (`secureboot` only on EFI).
public struct NodeStatus: Codable, Sendable, Hashable {
    /// Seconds since boot.
    public var uptime: Int?
    /// 1, 5 and 15 minute load averages (pvesh prints them as strings).
    public var loadavg: [Double]?
    /// CPU usage as a fraction. Always 0 from a fresh pvesh process (it has no earlier sample);
    /// use `/cluster/resources` for real CPU usage.
    public var cpu: Double?
    /// IO wait fraction; 0 from a fresh pvesh process, like `cpu`.
    public var wait: Double?
    public var cpuinfo: CPUInfo?
    public var memory: UsageFigures?
    public var swap: UsageFigures?
    /// The root file system (statvfs of `/`).
    public var rootfs: UsageFigures?
    /// `Linux <release> <uname -v>`.
    public var kversion: String?
    /// `pve-manager/<version>/<repoid>`.
    public var pveversion: String?
    public var bootInfo: BootInfo?
    public var currentKernel: KernelInfo?

    enum CodingKeys: String, CodingKey {
        case uptime, loadavg, cpu, wait, cpuinfo, memory, swap, rootfs, kversion, pveversion
        case bootInfo = "boot-info", currentKernel = "current-kernel"
    }

    public init(uptime: Int? = nil, loadavg: [Double]? = nil, cpu: Double? = nil, wait: Double? = nil,
                cpuinfo: CPUInfo? = nil, memory: UsageFigures? = nil, swap: UsageFigures? = nil,
                rootfs: UsageFigures? = nil, kversion: String? = nil, pveversion: String? = nil,
                bootInfo: BootInfo? = nil, currentKernel: KernelInfo? = nil) {
        self.uptime = uptime
        self.loadavg = loadavg
        self.cpu = cpu
        self.wait = wait
        self.cpuinfo = cpuinfo
        self.memory = memory
        self.swap = swap
        self.rootfs = rootfs
        self.kversion = kversion
        self.pveversion = pveversion
        self.bootInfo = bootInfo
        self.currentKernel = currentKernel
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(uptime: c.proxmoxInt(.uptime), loadavg: c.proxmoxDoubles(.loadavg), cpu: c.proxmoxDouble(.cpu),
                  wait: c.proxmoxDouble(.wait), cpuinfo: c.proxmoxObject(CPUInfo.self, .cpuinfo),
                  memory: c.proxmoxObject(UsageFigures.self, .memory), swap: c.proxmoxObject(UsageFigures.self, .swap),
                  rootfs: c.proxmoxObject(UsageFigures.self, .rootfs), kversion: c.proxmoxString(.kversion),
                  pveversion: c.proxmoxString(.pveversion), bootInfo: c.proxmoxObject(BootInfo.self, .bootInfo),
                  currentKernel: c.proxmoxObject(KernelInfo.self, .currentKernel))
    }

    /// Parses the stdout of `pvesh get /nodes/NODE/status --output-format json` (one JSON object).
    public static func parse(json stdout: String) throws(ParseError) -> NodeStatus {
        let command = "pvesh get /nodes/{node}/status --output-format json"
        do {
            return try JSONDecoder().decode(NodeStatus.self, from: Data(stdout.utf8))
        } catch {
            let start = stdout.strippingPadding().prefix(120)
            throw ParseError(command: command, line: 1, text: start.isEmpty ? nil : String(start),
                             expected: "one JSON object like {\"uptime\":…,\"memory\":{…}}")
        }
    }
}

/// `cpuinfo` of a node.
public struct CPUInfo: Codable, Sendable, Hashable {
    public var model: String?
    /// Logical CPUs (threads).
    public var cpus: Int?
    /// Physical cores per socket, as Proxmox counts them.
    public var cores: Int?
    public var sockets: Int?
    /// Current clock in MHz (pvesh prints it as a string).
    public var mhz: Double?

    public init(model: String? = nil, cpus: Int? = nil, cores: Int? = nil, sockets: Int? = nil, mhz: Double? = nil) {
        self.model = model
        self.cpus = cpus
        self.cores = cores
        self.sockets = sockets
        self.mhz = mhz
    }

    enum CodingKeys: String, CodingKey { case model, cpus, cores, sockets, mhz }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(model: c.proxmoxString(.model), cpus: c.proxmoxInt(.cpus), cores: c.proxmoxInt(.cores),
                  sockets: c.proxmoxInt(.sockets), mhz: c.proxmoxDouble(.mhz))
    }
}

/// Sizes in bytes of `memory`, `swap` or `rootfs`. `rootfs` calls the available space `avail`,
/// `memory` calls it `available`; both are read into ``available``.
public struct UsageFigures: Codable, Sendable, Hashable {
    public var total: Int?
    public var used: Int?
    public var free: Int?
    public var available: Int?

    public init(total: Int? = nil, used: Int? = nil, free: Int? = nil, available: Int? = nil) {
        self.total = total
        self.used = used
        self.free = free
        self.available = available
    }

    enum CodingKeys: String, CodingKey { case total, used, free, available, avail }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(total: c.proxmoxInt(.total), used: c.proxmoxInt(.used), free: c.proxmoxInt(.free),
                  available: c.proxmoxInt(.available) ?? c.proxmoxInt(.avail))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(total, forKey: .total)
        try c.encodeIfPresent(used, forKey: .used)
        try c.encodeIfPresent(free, forKey: .free)
        try c.encodeIfPresent(available, forKey: .available)
    }
}

/// `boot-info`: how the node booted.
public struct BootInfo: Codable, Sendable, Hashable {
    /// `efi` or `legacy-bios`.
    public var mode: String?
    /// Only reported on EFI.
    public var secureboot: Bool?

    public init(mode: String? = nil, secureboot: Bool? = nil) {
        self.mode = mode
        self.secureboot = secureboot
    }

    enum CodingKeys: String, CodingKey { case mode, secureboot }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(mode: c.proxmoxString(.mode), secureboot: c.proxmoxBool(.secureboot))
    }
}

/// `current-kernel`: the running kernel's `uname` fields.
public struct KernelInfo: Codable, Sendable, Hashable {
    public var sysname: String?
    public var release: String?
    public var version: String?
    public var machine: String?

    public init(sysname: String? = nil, release: String? = nil, version: String? = nil, machine: String? = nil) {
        self.sysname = sysname
        self.release = release
        self.version = version
        self.machine = machine
    }
}
