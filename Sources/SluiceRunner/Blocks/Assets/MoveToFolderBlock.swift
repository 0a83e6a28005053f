import Foundation
import SluiceMedia

/// Move to Folder: moves an asset to another folder, keeping its name.
struct MoveToFolderBlock: BlockImplementation {
    let type = "move-to-folder"

    func run(_ context: BlockContext) throws(BlockFailure) -> BlockOutcome {
        let asset = try context.asset()
        let folder = try context.string("folder").trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        try library { try MediaNames.checkFolder(folder) }
        let name = asset.publicID.split(separator: "/").last.map(String.init) ?? asset.publicID
        let moved = try library { try context.services.library.rename(asset.publicID, to: folder.isEmpty ? name : folder + "/" + name) }
        return BlockOutcome(output: moved.jsonValue)
    }
}
