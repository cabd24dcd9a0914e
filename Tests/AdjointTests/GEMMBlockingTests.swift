import Testing
@testable import Adjoint

/// The cache blocks derived from cache sizes, and the sysfs text they are read from.
@Suite struct GEMMBlockingTests {
    @Test func sysfsSizesAndCPUListsParse() {
        #expect(parseCacheSize("32K") == 32 << 10)
        #expect(parseCacheSize("1024K") == 1 << 20)
        #expect(parseCacheSize("32M") == 32 << 20)
        #expect(parseCacheSize("4096") == 4096)
        #expect(parseCacheSize("") == nil)
        #expect(parseCacheSize("big") == nil)
        #expect(countCPUs("0") == 1)
        #expect(countCPUs("0-1") == 2)
        #expect(countCPUs("0-3,8,10-11") == 7)
        #expect(countCPUs("") == 1)
    }

    @Test func blocksFollowTheCaches() {
        // Zen 4 (32 KB L1d, 1 MB L2, 16 MB of L3 per core) and a 48 KB L1d (Zen 5, recent Xeons).
        let zen4 = GEMMBlocking(caches: CacheSizes(l1: 32 << 10, l2: 1 << 20, l3: 16 << 20), elementSize: 4, mr: 12, nr: 32)
        #expect(zen4.kc == 128 && zen4.mc == 768 && zen4.nc == 8192)
        let wideL1 = GEMMBlocking(caches: CacheSizes(l1: 48 << 10, l2: 2 << 20, l3: 2 << 20), elementSize: 4, mr: 12, nr: 32)
        #expect(wideL1.kc == 192)
        #expect(wideL1.nc == 2 << 20 / 2 / (192 * 4) / 32 * 32)
    }

    @Test(arguments: [CacheSizes.fallback, CacheSizes(l1: 1, l2: 1, l3: 1), CacheSizes(l1: 1 << 30, l2: 1 << 30, l3: 1 << 40),
                      CacheSizes.current])
    func blocksStayWithinTheirBoundsAndTheCaches(caches: CacheSizes) {
        for (size, nr) in [(4, 32), (8, 16)] {
            let blocks = GEMMBlocking(caches: caches, elementSize: size, mr: 12, nr: nr)
            #expect((64...512).contains(blocks.kc) && blocks.kc % 8 == 0)
            #expect((48...768).contains(blocks.mc) && blocks.mc % 12 == 0)
            #expect((4 * nr...256 * nr).contains(blocks.nc) && blocks.nc % nr == 0)
            if caches.l1 >= 32 << 10 {
                #expect(blocks.kc * nr * size <= caches.l1 / 2)
            }
        }
    }
}
