import Store
import Testing

/// The digest under which keys are stored must stay the plain SHA-256 of the secret's UTF-8:
/// keys created by any earlier build are looked up by it.
@Suite struct APIKeySecretTests {
    @Test func digestIsTheHexSHA256OfTheUTF8() {
        #expect(APIKeySecret.digest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(APIKeySecret.digest("sk-sb-密钥") == "b88c4c8e4748b899f9e6995b156780b505cfc22dd179355532f44a141ebe88a1")
    }

    @Test func generatedSecretsHaveThePrefixAndDistinctDigests() {
        let first = APIKeySecret.generate(), second = APIKeySecret.generate()
        #expect(first.hasPrefix(APIKeySecret.prefix) && first.count == APIKeySecret.prefix.count + 43)
        #expect(APIKeySecret.digest(first) != APIKeySecret.digest(second))
        #expect(APIKeySecret.digest(first).count == 64)
    }
}
