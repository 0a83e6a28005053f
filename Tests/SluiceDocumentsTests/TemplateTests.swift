import SluiceJSON
import Testing

@testable import SluiceDocuments

@Suite("Templates")
struct TemplateTests {
    @Test("there are at least six templates with distinct ids")
    func count() {
        #expect(FlowTemplates.all.count >= 6)
        #expect(Set(FlowTemplates.all.map(\.id)).count == FlowTemplates.all.count)
    }

    /// Every template yields a flow that passes the same validation a hand-written document gets.
    @Test(arguments: FlowTemplates.all.map(\.id))
    func templateIsValid(id: String) throws {
        let template = try #require(FlowTemplates.template(id))
        let flow = template.makeFlow(named: "Example")
        let path = WorkspaceLayout.flowPath(slug: "example")
        let parsed = DocumentParser.parse(path: path, bytes: try AnyDocument.flow(flow).canonicalBytes(at: path))
        let errors = parsed.problems.filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(errors)")
        #expect(parsed.document != nil)
        #expect(flow.enabled == false)
        let triggers = flow.graph.filter { BlockCatalog.type($0.type)?.isTrigger == true }
        #expect(triggers.count == 1)
        // A template needing an app warns that its block has no connection yet.
        let warnings = parsed.problems.filter { $0.severity == .warning }
        #expect(warnings.isEmpty == template.needsApps.isEmpty)
    }

    @Test("an easy flow compiles to trigger → conditions → actions in order")
    func easyCompilation() throws {
        let flow = try #require(FlowTemplates.template("tag-large-jpegs")).makeFlow(named: "Large")
        let graph = flow.graph
        #expect(graph.map(\.id) == ["trigger", "conditions", "tag"])
        #expect(graph[0].next == ["conditions"])
        #expect(graph[1].type == "if")
        #expect(graph[1].then == ["tag"])
        #expect(graph[1].config["rules"]?.arrayValue?.count == 2)
    }

    @Test("two flows from one template get different ids")
    func freshIDs() throws {
        let template = try #require(FlowTemplates.all.first)
        #expect(template.makeFlow(named: "A").id != template.makeFlow(named: "B").id)
    }
}
