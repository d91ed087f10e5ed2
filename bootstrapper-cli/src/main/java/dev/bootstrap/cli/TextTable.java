package dev.bootstrap.cli;

import java.util.List;

/**
 * Aligned columns as Go's tabwriter prints kubeadm's tables (min width 10, padding 3, spaces).
 * A row with fewer cells (a "!MISSING!" row) does not widen the columns after it.
 */
final class TextTable {

    private static final int MIN_WIDTH = 10;
    private static final int PADDING = 3;

    private TextTable() {
    }

    static String render(List<List<String>> rows) {
        int columns = rows.stream().mapToInt(List::size).max().orElse(0);
        int[] width = new int[columns];
        for (List<String> row : rows) {
            if (row.size() < 2) {
                continue; // a cell not followed by a tab does not take part in column widths
            }
            for (int c = 0; c < row.size() - 1; c++) {
                width[c] = Math.max(width[c], Math.max(MIN_WIDTH, row.get(c).length() + PADDING));
            }
        }
        StringBuilder sb = new StringBuilder();
        for (List<String> row : rows) {
            for (int c = 0; c < row.size(); c++) {
                String cell = row.get(c);
                sb.append(cell);
                if (c < row.size() - 1) {
                    sb.append(" ".repeat(width[c] - cell.length()));
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
