import Testing
import ProxmoxModel

@Suite("Inventory location: --hosts-dir > env > ./hosts.d > XDG/~/.config > /etc")
struct InventoryLocatorTests {
    /// A fake machine: cwd, home and XDG dir inside one temp dir, each with or without a hosts.d.
    struct Machine {
        let root: TemporaryInventory
        var cwd: String { root.path + "/cwd" }
        var home: String { root.path + "/home" }
        var xdg: String { root.path + "/xdg" }

        init(existing: [String]) throws {
            root = try TemporaryInventory()
            for dir in ["cwd", "home", "xdg"] + existing { try root.write(dir + "/.keep", "") }
        }
    }

    @Test func explicitWinsOverEverything() throws {
        let machine = try Machine(existing: ["cwd/hosts.d", "env.d", "mine.d"])
        let found = InventoryLocator.resolve(explicit: "../mine.d", environment: ["HOME": machine.home, "PROXMOX_TOOLS_HOSTS_DIR": machine.root.path + "/env.d"], currentDirectory: machine.cwd)
        #expect(found?.path == machine.root.path + "/mine.d")
        #expect(found?.origin == "--hosts-dir")
    }

    @Test func environmentBeatsCurrentDirectory() throws {
        let machine = try Machine(existing: ["cwd/hosts.d", "env.d"])
        let found = InventoryLocator.resolve(explicit: nil, environment: ["HOME": machine.home, "PROXMOX_TOOLS_HOSTS_DIR": machine.root.path + "/env.d"], currentDirectory: machine.cwd)
        #expect(found?.path == machine.root.path + "/env.d")
        #expect(found?.origin == "$PROXMOX_TOOLS_HOSTS_DIR")
    }

    @Test func explicitPathsAreChosenEvenWhenMissing() throws {
        let machine = try Machine(existing: ["cwd/hosts.d"])
        let found = InventoryLocator.resolve(explicit: nil, environment: ["HOME": machine.home, "PROXMOX_TOOLS_HOSTS_DIR": "~/typo.d"], currentDirectory: machine.cwd)
        #expect(found?.path == machine.home + "/typo.d")
    }

    @Test func currentDirectoryBeatsConfigDirectories() throws {
        let machine = try Machine(existing: ["cwd/hosts.d", "xdg/proxmox-tools/hosts.d", "home/.config/proxmox-tools/hosts.d"])
        let found = InventoryLocator.resolve(explicit: nil, environment: ["HOME": machine.home, "XDG_CONFIG_HOME": machine.xdg], currentDirectory: machine.cwd)
        #expect(found?.path == machine.cwd + "/hosts.d")
        #expect(found?.origin == "current directory")
    }

    @Test func xdgConfigHomeReplacesDotConfig() throws {
        let machine = try Machine(existing: ["xdg/proxmox-tools/hosts.d", "home/.config/proxmox-tools/hosts.d"])
        let found = InventoryLocator.resolve(explicit: nil, environment: ["HOME": machine.home, "XDG_CONFIG_HOME": machine.xdg], currentDirectory: machine.cwd)
        #expect(found?.path == machine.xdg + "/proxmox-tools/hosts.d")
        #expect(found?.origin == "$XDG_CONFIG_HOME")
    }

    @Test func dotConfigWhenXdgIsUnset() throws {
        let machine = try Machine(existing: ["home/.config/proxmox-tools/hosts.d"])
        let found = InventoryLocator.resolve(explicit: nil, environment: ["HOME": machine.home], currentDirectory: machine.cwd)
        #expect(found?.path == machine.home + "/.config/proxmox-tools/hosts.d")
        #expect(found?.origin == "~/.config")
    }

    @Test func candidatesAreListedInSearchOrder() throws {
        let machine = try Machine(existing: [])
        let candidates = InventoryLocator.candidates(explicit: "x.d", environment: ["HOME": machine.home, "PROXMOX_TOOLS_HOSTS_DIR": "/srv/hosts.d", "XDG_CONFIG_HOME": "relative/ignored"], currentDirectory: machine.cwd)
        #expect(candidates.map(\.path) == [
            machine.cwd + "/x.d", "/srv/hosts.d", machine.cwd + "/hosts.d",
            machine.home + "/.config/proxmox-tools/hosts.d", "/etc/proxmox-tools/hosts.d",
        ])
        #expect(candidates.map(\.isExplicit) == [true, true, false, false, false])
    }

    @Test func emptyEnvironmentValueIsIgnored() throws {
        let machine = try Machine(existing: ["cwd/hosts.d"])
        let found = InventoryLocator.resolve(explicit: nil, environment: ["HOME": machine.home, "PROXMOX_TOOLS_HOSTS_DIR": ""], currentDirectory: machine.cwd)
        #expect(found?.origin == "current directory")
    }
}
