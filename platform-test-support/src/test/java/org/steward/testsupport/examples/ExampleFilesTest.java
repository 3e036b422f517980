package org.steward.testsupport.examples;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ExampleFilesTest {

    @Test
    void quotedFieldsKeepTheirCommasLineBreaksAndDoubledQuotesAndOnlyAnUnquotedEmptyFieldIsNull() {
        assertThat(ExampleFiles.csvRecords("a,\"b, c\",\"say \"\"no\"\"\",\r\n\"x\ny\",\"\",z"))
                .containsExactly(java.util.Arrays.asList("a", "b, c", "say \"no\"", null),
                        java.util.Arrays.asList("x\ny", "", "z"));
        assertThat(ExampleFiles.csvRows("k,v\n1,\n")).containsExactly(java.util.Map.of("k", "1", "v", ""));
    }

    @Test
    void theGermanCreditDataHasItsThousandApplicantsKeyedByTheHeader() {
        List<Map<String, String>> rows = ExampleFiles.readCsv(ExampleFiles.germanCredit("data/german_credit.csv"));

        assertThat(rows).hasSize(1000);
        assertThat(rows).allSatisfy(row -> assertThat(row.get("creditability")).isIn("good", "bad"));
        assertThat(rows.stream().filter(row -> row.get("creditability").equals("bad"))).hasSize(300);
    }
}
