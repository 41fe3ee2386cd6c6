/// Differences found by this suite and not fixed yet (policy v3, first landing), pinned by case so that
/// any new one fails the suite. A fidelity failure means bash re-reads our rendering differently from the
/// tree we judged — a real gap, open work in the issue 17 closing note, not an accepted difference.
/// The agreement ones (we parse the original differently from bash) cannot change what runs.
enum OpenDifferences {
    static let fidelity: Set<String> = ["generated#309", "generated#311", "generated#357"]
    static let agreement: Set<String> = [
        "lexical#22", "operators#17", "generated#83", "generated#86", "generated#106", "generated#129", "generated#283",
        "generated#309", "generated#333", "generated#338", "generated#357",
    ]
}
