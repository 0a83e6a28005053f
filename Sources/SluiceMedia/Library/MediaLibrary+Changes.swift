import Foundation
import GRDB

/// Changes to cataloged assets, each one transaction.
extension MediaLibrary {
    /// Applies `change` to an asset's tags, metadata, context or relations and saves it (the public id, file and
    /// sizes cannot change here). Related public ids must exist.
    @discardableResult
    public func update(_ publicID: String, _ change: (inout Asset) throws(MediaError) -> Void) throws(MediaError) -> Asset {
        let time = now()
        return try write { db throws -> Asset in
            guard var asset = try MediaCatalog.asset(publicID, in: db) else { throw MediaError.notFound(publicID) }
            let fixed = (asset.publicID, asset.contentHash, asset.bytes)
            try change(&asset)
            guard fixed == (asset.publicID, asset.contentHash, asset.bytes) else {
                throw MediaError.storage("an update cannot change the public id or the file")
            }
            asset.tags = Array(Set(asset.tags)).sorted()
            asset.related = Array(Set(asset.related)).sorted()
            for related in asset.related where try MediaCatalog.asset(related, in: db) == nil { throw MediaError.notFound(related) }
            asset.updatedAt = time
            try MediaCatalog.save(asset, in: db)
            return asset
        }
    }

    /// Gives an asset a new public id (which moves it when the folder part changes). Refused when the new id is taken,
    /// unless `overwrite`, which deletes the asset there first.
    @discardableResult
    public func rename(_ publicID: String, to newID: String, overwrite: Bool = false) throws(MediaError) -> Asset {
        try MediaNames.checkPublicID(newID)
        let time = now()
        return try write { db throws -> Asset in
            guard let current = try MediaCatalog.asset(publicID, in: db) else { throw MediaError.notFound(publicID) }
            guard newID != publicID else { return current }
            if try MediaCatalog.asset(newID, in: db) != nil {
                guard overwrite else { throw MediaError.duplicate(newID) }
                try db.execute(sql: "DELETE FROM asset WHERE public_id = ?", arguments: [newID])
            }
            try db.execute(
                sql: "UPDATE asset SET public_id = ?, folder = ?, updated_at = ? WHERE public_id = ?",
                arguments: [newID, Asset.folder(of: newID), time.timeIntervalSince1970, publicID])
            guard let renamed = try MediaCatalog.asset(newID, in: db) else { throw MediaError.notFound(newID) }
            return renamed
        }
    }

    /// Copies an asset's record under a new public id (the file is shared: it is stored by content).
    @discardableResult
    public func duplicate(_ publicID: String, as newID: String) throws(MediaError) -> Asset {
        try MediaNames.checkPublicID(newID)
        let time = now()
        return try write { db throws -> Asset in
            guard var asset = try MediaCatalog.asset(publicID, in: db) else { throw MediaError.notFound(publicID) }
            guard try MediaCatalog.asset(newID, in: db) == nil else { throw MediaError.duplicate(newID) }
            asset.publicID = newID
            asset.folder = Asset.folder(of: newID)
            asset.createdAt = time
            asset.updatedAt = time
            try MediaCatalog.save(asset, in: db)
            return asset
        }
    }

    /// A public id not taken yet: `wanted`, else `wanted-2`, `wanted-3`…
    public func freePublicID(_ wanted: String) throws(MediaError) -> String {
        try read { db in
            var candidate = wanted
            var counter = 2
            while try MediaCatalog.asset(candidate, in: db) != nil {
                candidate = "\(wanted)-\(counter)"
                counter += 1
            }
            return candidate
        }
    }
}
