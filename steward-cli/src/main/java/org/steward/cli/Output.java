package org.steward.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import tools.jackson.databind.json.JsonMapper;

/** Everything a command prints on stdout goes through here: JSON for machines, aligned text for people. */
final class Output {
    private final PrintWriter out;
    private final JsonMapper mapper;

    Output(PrintWriter out, JsonMapper mapper) {
        this.out = out;
        this.mapper = mapper;
    }

    /** Prints {@code value} (a JSON tree or a record) as one JSON document. */
    void json(Object value) {
        out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(value));
        out.flush();
    }

    void line(String format, Object... args) {
        out.println(args.length == 0 ? format : String.format(format, args));
        out.flush();
    }

    /** Prints rows in columns as wide as their widest cell, separated by two spaces. */
    void table(List<List<String>> rows) {
        int columns = rows.stream().mapToInt(List::size).max().orElse(0);
        int[] widths = IntStream.range(0, columns)
                .map(column -> rows.stream().mapToInt(row -> column < row.size() ? row.get(column).length() : 0).max().orElse(0))
                .toArray();
        for (List<String> row : rows) {
            String text = IntStream.range(0, row.size())
                    .mapToObj(column -> column == row.size() - 1 ? row.get(column) : pad(row.get(column), widths[column]))
                    .collect(Collectors.joining("  "));
            out.println(text);
        }
        out.flush();
    }

    private static String pad(String cell, int width) {
        return cell + " ".repeat(width - cell.length());
    }
}
