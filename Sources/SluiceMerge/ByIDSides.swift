import SluiceJSON

/// The three sides of an array merged by id, with their id indexes.
struct ByIDSides {
    let base: [JSONValue]
    let ours: [JSONValue]
    let theirs: [JSONValue]
    let baseIndex: IDIndex
    let oursIndex: IDIndex
    let theirsIndex: IDIndex
}
