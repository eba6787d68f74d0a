import Testing
import Widgets

@Suite struct FolderTests {
    @Test func filesPointBackAtTheirFolder() {
        let folder = Folder()
        folder.add("one")
        folder.add("two")
        #expect(folder.files.count == 2)
    }

    @Test func emptyFolderIsClean() {
        let folder = Folder()
        #expect(folder.files.isEmpty)
    }

    @Test func connectionInAsyncTestLeaks() async {
        let connection = Connection(name: "c")
        connection.open()
        await Task.yield()
        connection.close()
    }
}

@Test func freeFunctionIsClean() {
    let cache = Cache()
    cache.store("k")
    #expect(cache.entries.count == 1)
}
