import Terminal
import Testing

@Suite struct PickMenuTests {
    static func menu(_ count: Int) -> PickMenu {
        PickMenu(title: "Which service?", items: (1...count).map { PickMenu.Item("svc-\($0)", detail: "steady") })
    }

    @Test func arrowsMoveAndWrap() {
        var menu = Self.menu(3)
        #expect(menu.handle(.down) == .pending)
        #expect(menu.selected == 1)
        _ = menu.handle(.down)
        _ = menu.handle(.down)
        #expect(menu.selected == 0)
        _ = menu.handle(.up)
        #expect(menu.selected == 2)
        #expect(menu.handle(.enter) == .picked(2))
    }

    @Test func aNumberSelectsItsEntry() {
        var menu = Self.menu(3)
        _ = menu.handle(.digit(2))
        #expect(menu.selected == 1)
        #expect(menu.handle(.enter) == .picked(1))
    }

    @Test func twoDigitNumbersAndBackspace() {
        var menu = Self.menu(12)
        _ = menu.handle(.digit(1))
        _ = menu.handle(.digit(2))
        #expect(menu.selected == 11)
        #expect(menu.typed == "12")
        _ = menu.handle(.backspace)
        #expect(menu.selected == 0)
        // 13 does not exist: the 3 starts a new number.
        _ = menu.handle(.digit(3))
        #expect(menu.selected == 2)
        #expect(menu.typed == "3")
    }

    @Test func aNumberOutOfRangeChangesNothing() {
        var menu = Self.menu(3)
        _ = menu.handle(.down)
        _ = menu.handle(.digit(7))
        _ = menu.handle(.digit(0))
        #expect(menu.selected == 1)
        #expect(menu.typed == "")
    }

    @Test func cancel() {
        var menu = Self.menu(3)
        #expect(menu.handle(.cancel) == .cancelled)
    }

    @Test func withoutColourTheSelectionIsMarkedWithoutEscapes() {
        var menu = Self.menu(3)
        _ = menu.handle(.down)
        let lines = menu.render(width: 80, height: 20, color: false)
        #expect(lines == [
            "Which service?",
            "  1  svc-1  steady",
            "> 2  svc-2  steady",
            "  3  svc-3  steady",
            "up/down or a number, Enter to pick, q to cancel",
        ])
    }

    @Test func withColourOnlyTheSelectedLineIsInReverseVideo() {
        let lines = Self.menu(2).render(width: 80, height: 20, color: true)
        #expect(lines[1] == "\u{1B}[7m> 1  svc-1  steady\u{1B}[0m")
        #expect(lines[2] == "  2  svc-2  steady")
    }

    @Test func aLongListShowsAWindowAroundTheSelection() {
        var menu = Self.menu(10)
        for _ in 0..<8 { _ = menu.handle(.down) }
        let lines = menu.render(width: 80, height: 3, color: false)
        #expect(lines[1...3] == ["   8  svc-8   steady", ">  9  svc-9   steady", "  10  svc-10  steady"])
        #expect(lines[4].hasSuffix("(8-10 of 10)"))
    }

    @Test func linesAreCutToTheWidth() {
        let menu = PickMenu(title: "t", items: [PickMenu.Item("orders-api", detail: String(repeating: "x", count: 100))])
        let lines = menu.render(width: 30, height: 5, color: false)
        #expect(lines[1] == "> 1  orders-api  xxxxxxxxxxxx…")
        #expect(lines[1].count == 30)
    }
}
