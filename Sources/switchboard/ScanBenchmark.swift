import ArgumentParser
import Foundation
import Privacy
import Wire

/// `switchboard inspect bench`: scanning throughput (MB/s, one core) on mixed Chinese and
/// English text, and the time added to a 4 KB prompt, each against copying the same bytes in
/// the same run.
struct ScanBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the privacy scanner against copying the same bytes, on mixed Chinese and English text.")

    @Option(help: "Seconds to spend on each measurement.")
    var seconds = 1.0

    @Option(help: "Person names in the dictionary (0 for none).")
    var names = 10_000

    @Option(help: "Text sizes to measure, in KB.")
    var sizes: [Int] = [1, 4, 64, 1024]

    func run() async throws {
        let dictionary = (0..<names).map { (text: Self.name($0), type: EntityType.personName) }
        let scanner = PrivacyScanner(dictionary: dictionary, keywords: [KeywordCategory(name: "confidential_marking", words: ["机密", "绝密"], level: .sensitive3)])
        print("scanner: built-in recognizers, \(names) dictionary names, 1 keyword category; one core")
        print(String(format: "%-10@ %12@ %12@ %8@ %12@", "size" as NSString, "copy MB/s" as NSString, "scan MB/s" as NSString, "ratio" as NSString, "best scan" as NSString))
        for size in sizes.map({ $0 << 10 }) {
            let text = Self.mixedText(bytes: size)
            let bytes = text.utf8.count
            let copyRate = Self.rates(bytes: bytes, seconds: seconds) { Self.copy(text) }.median
            let scanRates = Self.rates(bytes: bytes, seconds: seconds) { scanner.scan(text).entities.count }
            print(String(format: "%-10@ %12.0f %12.0f %7.3fx %12.0f", Self.label(size) as NSString, copyRate, scanRates.median, scanRates.median / copyRate, scanRates.best))
        }
        let prompt = Self.mixedText(bytes: 4 << 10)
        let found = scanner.scan(prompt)
        let copyMicros = Self.medianMicros(seconds: seconds) { Self.copy(prompt) }
        let scanMicros = Self.medianMicros(seconds: seconds) { scanner.scan(prompt).entities.count }
        print(String(format: "4 KB prompt (%d entities found): scan %.1f µs median, copy %.2f µs; added %.1f µs", found.entities.count, scanMicros, copyMicros, scanMicros - copyMicros))

        // The whole inspect stage (every string and key of the body read, scanned, masked copy)
        // on a 4 KB chat request, against the work of the stage before it read everything: scan
        // the one message text, and splice its masked copy into the body. Total inspection is to
        // stay within 1.5× of that.
        let body = Array(#"{"model":"fin-chat","messages":[{"role":"user","content":\#(JSONStringLiteral.string(prompt))}]}"#.utf8)
        let contentRange = Self.firstMessageContent(of: body)
        let medians = Self.interleavedMedianMicros(
            seconds: 2 * seconds, [{ Self.inspectAndMask(body, scanner: scanner) }, { Self.maskMessageText(prompt, at: contentRange, of: body, scanner: scanner) }])
        let (inspectMicros, messageMicros) = (medians[0], medians[1])
        print(String(format: "4 KB chat request, inspected and masked: %.1f µs median (%.0f MB/s); the message text alone, scanned and masked %.1f µs; ratio %.2fx (goal: at most 1.5x)",
                     inspectMicros, Double(body.count) / inspectMicros, messageMicros, inspectMicros / messageMicros))
        // A 64 KB request carrying a 1 MB base64 image: the text scanned, the image found uninspectable and skipped.
        let image = Data((0..<(768 << 10)).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) }).base64EncodedString()
        let longPrompt = Self.mixedText(bytes: 64 << 10)
        let imageBody = Array(#"{"model":"fin-chat","messages":[{"role":"user","content":[{"type":"text","text":\#(JSONStringLiteral.string(longPrompt))},{"type":"image_url","image_url":{"url":"data:image/png;base64,\#(image)"}}]}]}"#.utf8)
        let imageRate = Self.rates(bytes: imageBody.count, seconds: seconds) { Self.inspectAndMask(imageBody, scanner: scanner) }
        print(String(format: "64 KB text + 1 MB base64 image (%@ in all), inspected and masked: %.0f MB/s median, %.0f best (goal: at least 200 MB/s)",
                     Self.label(imageBody.count) as NSString, imageRate.median, imageRate.best))

        // Restoring a masked stream: cost per event, and how much text the hold-back delays.
        var vault = PseudonymVault()
        let pseudonym = vault.pseudonym(for: "13812345678", type: .cnMobile)
        let answer = String(repeating: "请联系\(pseudonym)确认。", count: 50)
        let pieces = stride(from: 0, to: answer.count, by: 3).map { start in
            String(answer.dropFirst(start).prefix(3))
        }
        let events = pieces.map { piece in
            ServerSentEvent(data: Array("{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\(JSONStringLiteral.string(piece))},\"finish_reason\":null}]}".utf8))
        }
        var heldEvents = 0
        var probe = StreamRestoration(vault: vault)
        for event in events {
            var restored: [ServerSentEvent] = []
            probe.restore(event, into: &restored)
            if restored.contains(where: { String(decoding: $0.data, as: UTF8.self).contains("\"content\":\"\"") }) { heldEvents += 1 }
        }
        let restoreMicros = Self.medianMicros(seconds: seconds) {
            var restoration = StreamRestoration(vault: vault)
            var restored: [ServerSentEvent] = []
            restored.reserveCapacity(2)
            var total = 0
            for event in events {
                restoration.restore(event, into: &restored)
                total += restored.count
                restored.removeAll(keepingCapacity: true)
            }
            return total
        } / Double(events.count)
        print(String(format: "stream restoration: %.2f µs per event; %d of %d events (3 characters each) held back until the next, at most %d bytes",
                     restoreMicros, heldEvents, events.count, PseudonymRestorer.maximumPseudonymBytes))
    }

    /// The inspect stage's work on `body`: every string scanned, then the masked copy made.
    static func inspectAndMask(_ body: [UInt8], scanner: PrivacyScanner) -> Int {
        body.withUnsafeBytes { bytes in
            guard let inspection = try? RequestInspection(body: bytes, scanner: scanner) else { return 0 }
            var vault = PseudonymVault()
            return inspection.masked(bytes, vault: &vault).count + inspection.uninspectable.count
        }
    }

    /// Where the first message's `content` literal sits in `body`.
    static func firstMessageContent(of body: [UInt8]) -> Range<Int> {
        body.withUnsafeBytes { bytes in
            guard let scan = try? JSONObjectScanner.scanDocument(bytes), let messages = scan.member("messages"),
                  let first = try? JSONObjectScanner.scanArray(bytes, in: messages.valueRange).first,
                  let content = try? JSONObjectScanner.scanObject(bytes, in: first.range).member("content")
            else { return 0..<0 }
            return content.valueRange
        }
    }

    /// The narrower stage's work on a one-message body: scan the message text, and splice its
    /// masked copy over the literal at `range`.
    static func maskMessageText(_ text: String, at range: Range<Int>, of body: [UInt8], scanner: PrivacyScanner) -> Int {
        let entities = scanner.scan(text).entities
        var vault = PseudonymVault()
        let output = PseudonymReplacement.apply(entities, to: Array(text.utf8), vault: &vault)
        var literal: [UInt8] = []
        literal.reserveCapacity(output.count + 2)
        output.withUnsafeBufferPointer { JSONStringLiteral.append(utf8: $0, to: &literal) }
        var splicer = JSONSplicer()
        splicer.replace(range, with: literal)
        return body.withUnsafeBytes { splicer.apply(to: $0).count }
    }

    /// Copies `bytes`, as work the optimizer cannot drop.
    static func copy(_ bytes: [UInt8]) -> Int {
        var copied = [UInt8](repeating: 0, count: bytes.count)
        copied.withUnsafeMutableBufferPointer { _ = $0.update(fromContentsOf: bytes) }
        return Int(copied[copied.count / 2])
    }

    /// A stand-in for work the optimizer cannot drop: copies the text's bytes.
    static func copy(_ text: String) -> Int {
        var bytes = [UInt8](repeating: 0, count: text.utf8.count)
        _ = bytes.withUnsafeMutableBufferPointer { text.utf8.withContiguousStorageIfAvailable($0.update(fromContentsOf:)) }
        return Int(bytes[bytes.count / 2])
    }

    /// Throughput in MB/s: the median over batches of about 2 ms each, so that a noisy neighbour
    /// on a shared machine moves the figure less than an average would.
    static func rate(bytes: Int, seconds: Double, _ work: () -> Int) -> Double {
        rates(bytes: bytes, seconds: seconds, work).median
    }

    /// Throughput in MB/s over batches of about 2 ms each: the median batch, and the best (the
    /// figure least disturbed by other work on the machine).
    static func rates(bytes: Int, seconds: Double, _ work: () -> Int) -> (median: Double, best: Double) {
        var sink = 0
        let clock = ContinuousClock()
        // Size a batch to take about 2 ms.
        var perBatch = 1
        while true {
            let start = clock.now
            for _ in 0..<perBatch { sink &+= work() }
            if (clock.now - start).seconds >= 0.002 || perBatch >= 1 << 20 { break }
            perBatch *= 2
        }
        var rates: [Double] = []
        let start = clock.now
        while (clock.now - start).seconds < seconds {
            let batchStart = clock.now
            for _ in 0..<perBatch { sink &+= work() }
            rates.append(Double(bytes * perBatch) / (clock.now - batchStart).seconds / 1_000_000)
        }
        blackHole(sink)
        rates.sort()
        return (rates[rates.count / 2], rates[rates.count - 1])
    }

    static func medianMicros(seconds: Double, _ work: () -> Int) -> Double {
        withoutActuallyEscaping(work) { interleavedMedianMicros(seconds: seconds, [$0])[0] }
    }

    /// The median time of each of `works`, in µs, measured in alternation (one run of each in
    /// turn) so that a change in the machine's load moves them alike.
    static func interleavedMedianMicros(seconds: Double, _ works: [() -> Int]) -> [Double] {
        var samples = [[Double]](repeating: [], count: works.count)
        var sink = 0
        let clock = ContinuousClock()
        let start = clock.now
        while clock.now - start < .seconds(seconds) {
            for (index, work) in works.enumerated() {
                let begin = clock.now
                sink &+= work()
                samples[index].append((clock.now - begin).seconds * 1_000_000)
            }
        }
        blackHole(sink)
        return samples.map { $0.sorted()[$0.count / 2] }
    }

    @inline(never)
    static func blackHole(_ value: Int) {
        if value == 42_424_242 { print("") }
    }

    static func label(_ size: Int) -> String {
        size >= 1 << 20 ? "\(size >> 20) MB" : "\(size >> 10) KB"
    }

    /// Realistic mixed text: advisory and service sentences in Chinese and English, with
    /// prices, dates, codes and a sensitive value every few sentences.
    static func mixedText(bytes: Int) -> String {
        let sentences = [
            "您好，我想咨询一下贵州茅台（600519）今天的走势，昨天收盘价是1,688.50元，成交量12000手。",
            "The client asked about the 2024 annual report and whether the dividend of CNY 2.35 per share is confirmed.",
            "客户张伟的手机号是13812345678，请在14:30之前回电确认风险测评结果。",
            "Please compare the fund's 3-year CAGR of 7.85% with the CSI 300 index over the same period.",
            "根据适当性管理办法，C3稳健型投资者可以购买R1至R3级别的产品，本产品为R4级。",
            "Her e-mail is li.na@example.com and the order number is 20241128000123.",
            "创业板股票的涨跌幅限制为20%，主板为10%，科创板同样为20%。",
            "We expect revenue growth of 12% in Q3, driven by wealth management fees and net interest income.",
            "请核对身份证号11010519491231002X与开户资料是否一致。",
            "本周五（2024-11-29）公布非农数据，市场预期新增就业18万人。",
        ]
        var text = ""
        var index = 0
        while text.utf8.count < bytes {
            text += sentences[index % sentences.count]
            index += 1
        }
        return text
    }

    /// A synthetic two- or three-character Chinese name, different for each index.
    static func name(_ index: Int) -> String {
        let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗")
        let given = Array("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰")
        var name = String(surnames[index % surnames.count])
        name.append(given[(index / surnames.count) % given.count])
        if index >= surnames.count * given.count { name.append(given[(index / (surnames.count * given.count)) % given.count]) }
        return name
    }
}

extension Duration {
    /// The duration in seconds, as a floating-point number.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
