package dev.unroll.samples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The command-line options every sample understands. */
final class Options {
  int epochs;
  Path data;
  Path save;
  boolean quiet;

  private Options(int defaultEpochs) {
    this.epochs = defaultEpochs;
  }

  /**
   * Parses {@code --epochs N}, {@code --data DIR}, {@code --save FILE} and {@code --quiet}.
   *
   * @throws IllegalArgumentException naming the option at fault
   */
  static Options parse(List<String> args, int defaultEpochs) {
    Options o = new Options(defaultEpochs);
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "--epochs":
          String value = valueOf(args, ++i, arg);
          try {
            o.epochs = Integer.parseInt(value);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--epochs takes a whole number, got " + value);
          }
          if (o.epochs < 1) {
            throw new IllegalArgumentException("--epochs must be at least 1, got " + o.epochs);
          }
          break;
        case "--data":
          o.data = Path.of(valueOf(args, ++i, arg));
          break;
        case "--save":
          o.save = Path.of(valueOf(args, ++i, arg));
          break;
        case "--quiet":
          o.quiet = true;
          break;
        default:
          throw new IllegalArgumentException("unknown option " + arg + "; the options are --epochs N, --data DIR, "
              + "--save FILE and --quiet");
      }
    }
    return o;
  }

  private static String valueOf(List<String> args, int i, String option) {
    if (i >= args.size()) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args.get(i);
  }

  /**
   * The data folder: {@code --data} if given, else the first of {@code candidates} (relative to the working
   * directory) that exists.
   */
  Path dataDir(String... candidates) {
    if (data != null) {
      return data;
    }
    for (String c : candidates) {
      Path p = Path.of(c);
      if (Files.isDirectory(p)) {
        return p;
      }
    }
    throw new IllegalArgumentException("no data folder found; looked for " + String.join(", ", candidates)
        + " from " + Path.of("").toAbsolutePath() + "; pass --data DIR");
  }
}
