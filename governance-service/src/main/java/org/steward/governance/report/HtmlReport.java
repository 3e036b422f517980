package org.steward.governance.report;

import org.steward.governance.report.ReportDocument.Block;
import org.steward.governance.report.chart.ChartFont;
import org.steward.governance.report.chart.SvgCanvas;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** The report as one self-contained HTML page: inline CSS, charts as inline SVG, nothing fetched. */
public final class HtmlReport {

    private static final String STYLE = """
            body{font-family:%s;color:#222;max-width:1000px;margin:2em auto;padding:0 1em;font-size:14px}
            h1{font-size:24px;margin-bottom:.2em}h2{font-size:19px;border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.6em}
            h3{font-size:15px;margin-bottom:.4em}.heading{color:#555;margin:.1em 0}.warning{color:#b00020;font-weight:bold}
            table{border-collapse:collapse;margin:.5em 0 1em;font-size:12px}th,td{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}
            th{background:#eee}tr.flagged td{background:#fde2e2}dl{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}
            dt{font-weight:bold}dd{margin:0}figure{margin:1em 0}footer{color:#777;font-size:11px;margin-top:3em;border-top:1px solid #ccc;padding-top:.5em}
            """.formatted(ChartFont.CSS_FAMILY);

    private HtmlReport() {
    }

    public static byte[] render(ReportDocument document) {
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(escape(document.title())).append("</title><style>").append(STYLE).append("</style></head><body>\n")
                .append("<header><h1>").append(escape(document.title())).append("</h1>");
        document.heading().forEach(line -> html.append("<p class=\"heading\">").append(escape(line)).append("</p>"));
        html.append("</header>\n");
        for (ReportDocument.Section section : document.sections()) {
            html.append("<section><h2>").append(escape(section.title())).append("</h2>\n");
            section.blocks().forEach(block -> block(html, block));
            html.append("</section>\n");
        }
        html.append("<footer>").append(escape(document.footer())).append("</footer></body></html>\n");
        return html.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void block(StringBuilder html, Block block) {
        switch (block) {
            case ReportDocument.Subheading s -> html.append("<h3>").append(escape(s.text())).append("</h3>\n");
            case ReportDocument.Text t -> html.append(t.warning() ? "<p class=\"warning\">" : "<p>")
                    .append(escape(t.text())).append("</p>\n");
            case ReportDocument.Pairs p -> {
                html.append("<dl>");
                p.pairs().forEach(pair -> html.append("<dt>").append(escape(pair.label())).append("</dt><dd>")
                        .append(escape(pair.value())).append("</dd>"));
                html.append("</dl>\n");
            }
            case ReportDocument.Table t -> table(html, t);
            case ReportDocument.Figure f -> html.append("<figure>").append(SvgCanvas.render(f.chart())).append("</figure>\n");
        }
    }

    private static void table(StringBuilder html, ReportDocument.Table table) {
        html.append("<table><thead><tr>");
        table.headers().forEach(h -> html.append("<th>").append(escape(h)).append("</th>"));
        html.append("</tr></thead><tbody>");
        for (int r = 0; r < table.rows().size(); r++) {
            html.append(table.flagged().get(r) ? "<tr class=\"flagged\">" : "<tr>");
            List<String> row = table.rows().get(r);
            row.forEach(cell -> html.append("<td>").append(escape(cell)).append("</td>"));
            html.append("</tr>");
        }
        html.append("</tbody></table>\n");
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
