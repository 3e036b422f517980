package org.steward.featurestore.ingest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BatchFormatTest {

    @Test
    void namesFormatsByMediaTypeIgnoringParametersAndByCode() {
        assertThat(BatchFormat.fromContentType("text/csv; charset=UTF-8")).contains(BatchFormat.CSV);
        assertThat(BatchFormat.fromContentType("application/x-ndjson")).contains(BatchFormat.JSONL);
        assertThat(BatchFormat.fromContentType("Application/VND.Apache.Parquet")).contains(BatchFormat.PARQUET);
        assertThat(BatchFormat.fromContentType("application/json")).isEmpty();
        assertThat(BatchFormat.fromContentType(BatchFormat.OCTET_STREAM)).isEmpty();
        assertThat(BatchFormat.fromCode("Parquet")).contains(BatchFormat.PARQUET);
        assertThat(BatchFormat.fromCode("xlsx")).isEmpty();
        assertThat(BatchFormat.JSONL.contentType()).isEqualTo("application/x-ndjson");
    }
}
