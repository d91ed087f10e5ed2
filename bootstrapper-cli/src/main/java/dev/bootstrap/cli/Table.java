package dev.bootstrap.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A text table with columns padded to their widest cell and three spaces between, like kubeadm's. */
final class Table {

    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    Table(String... header) {
        columns = header.length;
        rows.add(header);
    }

    Table row(String... cells) {
        if (cells.length != columns) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, table has " + columns);
        }
        rows.add(cells);
        return this;
    }

    void print(PrintWriter out) {
        int[] width = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(row[i]);
                if (i < columns - 1) {
                    line.append(" ".repeat(width[i] - row[i].length() + 3));
                }
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
    }
}
