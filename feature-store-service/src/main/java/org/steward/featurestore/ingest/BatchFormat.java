package org.steward.featurestore.ingest;

import com.fasterxml.jackson.annotation.JsonValue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The file formats a batch can come in, named by their code ({@code ?format=}) or their media types. */
public enum BatchFormat {
    CSV("text/csv", "application/csv"),
    JSONL("application/x-ndjson", "application/jsonl", "application/x-jsonlines", "application/jsonlines"),
    PARQUET("application/vnd.apache.parquet", "application/x-parquet", "application/parquet");

    /** The generic binary type, which says nothing of the format: it needs {@code ?format=}. */
    public static final String OCTET_STREAM = "application/octet-stream";

    private final List<String> mediaTypes;

    BatchFormat(String... mediaTypes) {
        this.mediaTypes = List.of(mediaTypes);
    }

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The media type a stored batch of this format is served with. */
    public String contentType() {
        return mediaTypes.getFirst();
    }

    public static Optional<BatchFormat> fromCode(String code) {
        return Arrays.stream(values()).filter(f -> f.code().equalsIgnoreCase(code.strip())).findFirst();
    }

    /** The format a Content-Type names, ignoring its parameters ({@code text/csv; charset=utf-8}). */
    public static Optional<BatchFormat> fromContentType(String contentType) {
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.mediaTypes.contains(type)).findFirst();
    }

    /** Opens {@code file} for reading in this format; text formats must be UTF-8. */
    RowReader open(Path file, IngestSchema schema) throws IOException {
        return switch (this) {
            case CSV -> new CsvRowReader(utf8(file), schema);
            case JSONL -> new JsonLinesRowReader(utf8(file), schema);
            case PARQUET -> new ParquetRowReader(file, schema);
        };
    }

    private static BufferedReader utf8(Path file) throws IOException {
        return new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16);
    }
}
