package org.steward.commons.json;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.node.JsonNodeFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class Sha256Test {

    private static final String EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    void matchesTheFips180Vectors() {
        assertThat(Sha256.hex(bytes("abc"))).isEqualTo(ABC);
        assertThat(Sha256.hex(new byte[0])).isEqualTo(EMPTY);
        assertThat(Sha256.hex()).isEqualTo(EMPTY);
    }

    @Test
    void digestsTheConcatenationOfItsParts() {
        assertThat(Sha256.digest(bytes("a"), new byte[0], bytes("bc"))).isEqualTo(Sha256.digest(bytes("abc")));
        assertThat(Sha256.toHex(Sha256.digest(bytes("ab"), bytes("c")))).isEqualTo(ABC);
    }

    @Test
    void convertsHexBothWays() {
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        String hex = Sha256.toHex(all);
        assertThat(hex).startsWith("000102").endsWith("fdfeff").isLowerCase();
        assertThat(Sha256.fromHex(hex)).isEqualTo(all);
        assertThat(Sha256.fromHex("ABcd")).containsExactly(0xAB, 0xCD);
        assertThat(Sha256.fromHex("")).isEmpty();
    }

    @Test
    void rejectsBadHexWithAClearMessage() {
        assertThatIllegalArgumentException().isThrownBy(() -> Sha256.fromHex("abc")).withMessageContaining("odd length");
        assertThatIllegalArgumentException().isThrownBy(() -> Sha256.fromHex("0g"))
                .withMessageContaining("non-hex character 'g' at index 1");
        assertThatIllegalArgumentException().isThrownBy(() -> Sha256.fromHex("\u0660\u0661"))
                .withMessageContaining("non-hex");
        assertThatIllegalArgumentException().isThrownBy(() -> Sha256.fromHex(null)).withMessageContaining("null");
    }

    @Test
    void hashesTheCanonicalFormSoMemberOrderDoesNotMatter() {
        var nodes = JsonNodeFactory.instance;
        String hash = Sha256.hexOfCanonical(nodes.objectNode().put("b", 1).put("a", 2.0));
        assertThat(hash).isEqualTo(Sha256.hex(bytes("{\"a\":2,\"b\":1}")))
                .isEqualTo(Sha256.hexOfCanonical(nodes.objectNode().put("a", 2).put("b", 1)));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
