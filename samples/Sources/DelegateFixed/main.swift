// cyclelint sample: fixed twin of DelegateLeak (weak delegate).

protocol DownloaderDelegate: AnyObject {
    func downloader(_ downloader: Downloader, didFinish bytes: Int)
}

final class Downloader {
    weak var delegate: DownloaderDelegate?

    func start() {
        delegate?.downloader(self, didFinish: 42)
    }
}

final class DownloadScreen: DownloaderDelegate {
    let downloader = Downloader()
    private(set) var received = 0

    init() {
        downloader.delegate = self
    }

    func downloader(_ downloader: Downloader, didFinish bytes: Int) {
        received += bytes
    }
}

weak var probe: DownloadScreen?
do {
    let screen = DownloadScreen()
    probe = screen
    screen.downloader.start()
}
print(probe == nil ? "DownloadScreen deallocated" : "DownloadScreen leaked")
