import Foundation
import SluiceJSON

/// A media transformation in Cloudinary's syntax, parsed and checked:
///
///     c_fill,g_auto,w_400,h_300/e_grayscale/q_auto,f_webp
///
/// Components are separated by `/` and applied one after the other; the parameters of a component (`key_value`,
/// separated by `,`) describe one step. Parsing checks every key and value, so a transformation that parses can always
/// be rendered (given the named ones it uses). Edit Media, Create Asset URL, `validate`, the `sluice assets` commands and
/// the delivery URLs all parse here.
public struct Transformation: Sendable, Hashable, CustomStringConvertible {
    public var components: [Component]

    /// The longest transformation, in characters.
    public static let maximumLength = 2_000
    /// The most components.
    public static let maximumComponents = 32
    /// The largest width or height a transformation may ask for, in pixels.
    public static let maximumSide = 16_384

    public init(components: [Component] = []) {
        self.components = components
    }

    /// Parses and checks `text`; throws a ``TransformationError`` naming the parameter and its position.
    public static func parse(_ text: String) throws(TransformationError) -> Transformation {
        try TransformationParser(text: text).parse()
    }

    /// The canonical text: each component's parameters in key order, values written one way (`jpeg` as `jpg`,
    /// `w_0.50` as `w_0.5`). Two transformations with the same canonical text produce the same file.
    public var description: String { components.map(\.description).joined(separator: "/") }

    /// Whether nothing is asked (an empty string).
    public var isEmpty: Bool { components.allSatisfy(\.isEmpty) }

    /// The output format asked for by the last component that names one.
    public var format: Format? { components.last { $0.format != nil }?.format }

    /// The names of the named transformations (`t_name`) used.
    public var namedTransformations: [String] { components.compactMap(\.named) }

    /// This transformation with every `t_name` replaced by the components `lookup` gives for it (themselves expanded).
    /// Throws when a name is unknown, or when named transformations use each other in a cycle or too deeply.
    public func expanded(_ lookup: (String) -> Transformation?) throws(TransformationError) -> Transformation {
        var visiting: [String] = []
        return try expanded(lookup, visiting: &visiting)
    }

    private func expanded(_ lookup: (String) -> Transformation?, visiting: inout [String]) throws(TransformationError) -> Transformation {
        var result: [Component] = []
        for component in components {
            guard let name = component.named else {
                result.append(component)
                continue
            }
            guard !visiting.contains(name) else {
                throw TransformationError(
                    position: 0, parameter: "t_\(name)",
                    reason: "named transformations use each other in a cycle: \((visiting + [name]).joined(separator: " → "))")
            }
            guard visiting.count < 8 else {
                throw TransformationError(position: 0, parameter: "t_\(name)", reason: "named transformations nest more than 8 deep")
            }
            guard let named = lookup(name) else {
                throw TransformationError(
                    position: 0, parameter: "t_\(name)", reason: "no named transformation \"\(name)\" (transformations/\(name).json)")
            }
            visiting.append(name)
            result += try named.expanded(lookup, visiting: &visiting).components
            visiting.removeLast()
        }
        guard result.count <= Self.maximumComponents else {
            throw TransformationError(
                position: 0, parameter: "", reason: "expands to \(result.count) components; the limit is \(Self.maximumComponents)")
        }
        return Transformation(components: result)
    }
}

/// Why a transformation is refused: where (the character, from 1, where the parameter starts; 0 for the whole text),
/// which parameter, and what is wrong.
public struct TransformationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var position: Int
    public var parameter: String
    public var reason: String

    public init(position: Int, parameter: String, reason: String) {
        self.position = position
        self.parameter = parameter
        self.reason = reason
    }

    public var description: String {
        // The reason may quote a key of the input: it is escaped like the parameter.
        let shown = parameter.isEmpty ? "" : "`\(parameter.shown(limit: 60))`"
        let reason = reason.shown(limit: 300)
        if position == 0 { return shown.isEmpty ? reason : "\(shown): \(reason)" }
        return "at character \(position) (\(shown)): \(reason)"
    }
}
