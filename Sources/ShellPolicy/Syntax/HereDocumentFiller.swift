/// Puts here-document bodies, read after the line that named them, into their redirections.
struct HereDocumentFiller {
    let bodies: [Int: ShellWord]

    func fill(_ list: inout ShellList) {
        guard !bodies.isEmpty else { return }
        for index in list.items.indices {
            fill(&list.items[index].andOr.first)
            for link in list.items[index].andOr.rest.indices { fill(&list.items[index].andOr.rest[link].pipeline) }
        }
    }

    private func fill(_ pipeline: inout ShellPipeline) {
        for index in pipeline.commands.indices { fill(&pipeline.commands[index]) }
    }

    private func fill(_ command: inout ShellCommandNode) {
        switch command {
        case .simple(var simple):
            for index in simple.assignments.indices { fill(&simple.assignments[index].value) }
            for index in simple.words.indices { fill(&simple.words[index]) }
            fill(&simple.redirections)
            command = .simple(simple)
        case .subshell(var list, var redirections):
            fill(&list); fill(&redirections)
            command = .subshell(list, redirections)
        case .group(var list, var redirections):
            fill(&list); fill(&redirections)
            command = .group(list, redirections)
        case .ifClause(var clause, var redirections):
            for index in clause.branches.indices {
                fill(&clause.branches[index].condition)
                fill(&clause.branches[index].body)
            }
            if var elseBody = clause.elseBody { fill(&elseBody); clause.elseBody = elseBody }
            fill(&redirections)
            command = .ifClause(clause, redirections)
        case .loop(var loop, var redirections):
            fill(&loop.condition); fill(&loop.body); fill(&redirections)
            command = .loop(loop, redirections)
        case .forLoop(var loop, var redirections):
            if var words = loop.words {
                for index in words.indices { fill(&words[index]) }
                loop.words = words
            }
            fill(&loop.body); fill(&redirections)
            command = .forLoop(loop, redirections)
        case .caseClause(var clause, var redirections):
            fill(&clause.word)
            for index in clause.items.indices {
                for pattern in clause.items[index].patterns.indices { fill(&clause.items[index].patterns[pattern]) }
                fill(&clause.items[index].body)
            }
            fill(&redirections)
            command = .caseClause(clause, redirections)
        }
    }

    private func fill(_ redirections: inout [ShellRedirection]) {
        for index in redirections.indices {
            if let id = redirections[index].hereDocumentID, let body = bodies[id] {
                redirections[index].target = body
                redirections[index].hereDocumentID = nil
            }
            fill(&redirections[index].target)
        }
    }

    func fill(_ word: inout ShellWord) {
        for index in word.parts.indices {
            switch word.parts[index] {
            case .commandSubstitution(var list, let quoted):
                fill(&list)
                word.parts[index] = .commandSubstitution(list, quoted: quoted)
            case .processSubstitution(let input, var list):
                fill(&list)
                word.parts[index] = .processSubstitution(input: input, list)
            default: break
            }
        }
    }
}
