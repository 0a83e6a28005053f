import SluiceSync

extension Conflict {
    /// One line for a terminal: `/blocks/1/name: both sides changed it differently`.
    var summary: String {
        let what =
            switch kind {
            case .bothModified: "both sides changed it differently"
            case .deleteModify:
                switch (ours, theirs) {
                case (nil, nil): "one side deleted it, the other changed it"
                case (nil, _): "we deleted it, they changed it"
                default: "they deleted it, we changed it"
                }
            case .addAdd: "both sides added it differently"
            case .typeChange: "the sides changed its type"
            case .sequence: "both sides edited the same part of the array"
            case .invalid: "together the two sides' changes break a rule here" + (rule.map { ": \($0)" } ?? " (see `sluice validate`)")
            case .fileFolder: "one side has a file here and the other a folder of the same name; ours is kept"
            case .fileMode: "both sides changed the file's mode differently; ours is kept"
            case .notJSON: "a version is not JSON and git's line merge conflicts; ours is kept whole"
            }
        return "\(pointer.display): \(what)"
    }
}
