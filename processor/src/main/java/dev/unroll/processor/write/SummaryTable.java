package dev.unroll.processor.write;

import dev.unroll.processor.ir.LayerNode;
import dev.unroll.processor.ir.NetworkIr;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The model summary: layer, kind, output shape, parameters and forward FLOPs per sample. */
public final class SummaryTable {
  private SummaryTable() {}

  public static String render(NetworkIr ir) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"layer", "kind", "output", "parameters", "FLOPs/sample"});
    rows.add(new String[] {"input", "", ir.input().toString(), "", ""});
    for (LayerNode layer : ir.layers()) {
      rows.add(new String[] {layer.name(), layer.describe(), layer.output().toString(),
          group(layer.parameterCount()), group(layer.flops())});
    }
    rows.add(new String[] {"total", "", "", group(ir.parameterCount()), group(ir.flops())});
    int[] width = new int[5];
    for (String[] row : rows) {
      for (int c = 0; c < 5; c++) {
        width[c] = Math.max(width[c], row[c].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < 5; c++) {
        String cell = row[c];
        String pad = " ".repeat(width[c] - cell.length());
        line.append(c >= 3 ? pad + cell : cell + pad).append(c < 4 ? "  " : "");
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    out.append(ir.loss() == null ? "inference only (no loss, no optimizer)" : "loss: " + ir.loss().description())
        .append('\n');
    if (ir.optimizer() != null) {
      out.append("optimizer: ").append(ir.optimizer().describe()).append('\n');
    }
    out.append("batch: up to ").append(ir.maxBatch()).append("; precision: ")
        .append(ir.precision().name().toLowerCase(Locale.ROOT)).append("; seed: ").append(ir.seed()).append('\n');
    return out.toString();
  }

  private static String group(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
