package dev.unroll.processor;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the bytecode length of every method in a class file (JVMS 4), to enforce HotSpot's JIT limit. */
final class MethodSizes {
  private MethodSizes() {}

  /** Method name and descriptor to the length of its Code attribute's bytecode. */
  static Map<String, Integer> of(byte[] classFile) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile))) {
      if (in.readInt() != 0xCAFEBABE) {
        throw new IllegalArgumentException("not a class file");
      }
      in.readUnsignedShort();
      in.readUnsignedShort();
      int count = in.readUnsignedShort();
      String[] utf8 = new String[count];
      for (int i = 1; i < count; i++) {
        int tag = in.readUnsignedByte();
        switch (tag) {
          case 1: utf8[i] = in.readUTF(); break;
          case 3: case 4: in.readInt(); break;
          case 5: case 6: in.readLong(); i++; break;
          case 7: case 8: case 16: case 19: case 20: in.readUnsignedShort(); break;
          case 9: case 10: case 11: case 12: case 17: case 18: in.readInt(); break;
          case 15: in.readUnsignedByte(); in.readUnsignedShort(); break;
          default: throw new IllegalArgumentException("constant pool tag " + tag);
        }
      }
      in.readUnsignedShort(); // access
      in.readUnsignedShort(); // this
      in.readUnsignedShort(); // super
      int interfaces = in.readUnsignedShort();
      for (int i = 0; i < interfaces; i++) {
        in.readUnsignedShort();
      }
      skipMembers(in);
      Map<String, Integer> sizes = new LinkedHashMap<>();
      int methods = in.readUnsignedShort();
      for (int m = 0; m < methods; m++) {
        in.readUnsignedShort();
        String name = utf8[in.readUnsignedShort()] + utf8[in.readUnsignedShort()];
        int attributes = in.readUnsignedShort();
        for (int a = 0; a < attributes; a++) {
          String attribute = utf8[in.readUnsignedShort()];
          int length = in.readInt();
          if (attribute.equals("Code")) {
            in.readUnsignedShort(); // max stack
            in.readUnsignedShort(); // max locals
            int codeLength = in.readInt();
            sizes.put(name, codeLength);
            in.skipNBytes(length - 8);
          } else {
            in.skipNBytes(length);
          }
        }
      }
      return sizes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void skipMembers(DataInputStream in) throws IOException {
    int fields = in.readUnsignedShort();
    for (int f = 0; f < fields; f++) {
      in.readUnsignedShort();
      in.readUnsignedShort();
      in.readUnsignedShort();
      int attributes = in.readUnsignedShort();
      for (int a = 0; a < attributes; a++) {
        in.readUnsignedShort();
        in.skipNBytes(in.readInt());
      }
    }
  }
}
