package dev.unroll.samples;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The samples, one subcommand each. Every subcommand prints its result as its last line:
 * {@code result: <sample> <metric> <value>}.
 *
 * <pre>
 * java -jar samples/target/unroll-samples.jar mnist-mlp [--epochs N] [--data DIR] [--save FILE] [--quiet]
 * java -jar samples/target/unroll-samples.jar xor [--epochs N] [--save FILE] [--quiet]
 * </pre>
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(Arrays.asList(args), System.out, System.err));
  }

  /** Runs a subcommand; returns the process exit code. */
  static int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("-h")) {
      usage(args.isEmpty() ? err : out);
      return args.isEmpty() ? 2 : 0;
    }
    List<String> rest = args.subList(1, args.size());
    try {
      Result result;
      switch (args.get(0)) {
        case "xor":
          result = XorSample.run(Options.parse(rest, XorSample.EPOCHS), out);
          break;
        case "mnist-mlp":
          result = MnistMlpSample.run(Options.parse(rest, MnistMlpSample.EPOCHS), out);
          break;
        default:
          err.println("unknown sample: " + args.get(0));
          usage(err);
          return 2;
      }
      out.println(result);
      return 0;
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      err.println("error: " + e.getMessage());
      return 1;
    }
  }

  private static void usage(PrintStream out) {
    out.println("usage: java -jar unroll-samples.jar <sample> [--epochs N] [--data DIR] [--save FILE] [--quiet]");
    out.println("samples:");
    out.println("  xor        2-2-1 sigmoid network learning XOR");
    out.println("  mnist-mlp  784-128-10 ReLU MLP on 8,000 MNIST digits, tested on 2,000 held-out ones");
  }

  /** The last line of a sample's output. */
  record Result(String sample, String metric, double value) {
    @Override
    public String toString() {
      return "result: " + sample + " " + metric + " " + value;
    }
  }
}
