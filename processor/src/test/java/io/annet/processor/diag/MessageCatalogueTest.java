package io.annet.processor.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The message catalogue: well-formed tags, and every tag documented in DIAGNOSTICS.md. */
class MessageCatalogueTest {

  @Test
  void tagsAreStableBracketedNames() {
    for (Message m : Message.values()) {
      assertTrue(m.tag().matches("\\[annet\\.[a-z]+(-[a-z]+)*\\]"), m.tag());
      assertTrue(m.tagged("text").equals(m.tag() + " text"));
    }
  }

  @Test
  void everyTagIsDocumentedWithItsSeverity() throws IOException {
    String doc = Files.readString(Path.of("DIAGNOSTICS.md"));
    for (Message m : Message.values()) {
      String tag = m.tag().substring(1, m.tag().length() - 1);
      assertTrue(doc.contains("| `" + tag + "`"), tag + " is missing from DIAGNOSTICS.md");
      boolean documentedAsWarning = doc.contains("| `" + tag + "` (warning)");
      assertEquals(m.severity() == Severity.WARNING, documentedAsWarning, tag);
    }
  }

  @Test
  void everyDocumentedTagExists() throws IOException {
    Set<String> tags =
        Arrays.stream(Message.values()).map(Message::tag).collect(Collectors.toSet());
    String doc = Files.readString(Path.of("DIAGNOSTICS.md"));
    var matcher = java.util.regex.Pattern.compile("\\| `annet\\.([a-z-]+)`").matcher(doc);
    int documented = 0;
    while (matcher.find()) {
      assertTrue(tags.contains("[annet." + matcher.group(1) + "]"), matcher.group(1));
      documented++;
    }
    assertEquals(tags.size(), documented, "each tag has exactly one row");
  }

  @Test
  void formattingIgnoresTheDefaultLocale() {
    String text =
        Message.OVER_BUDGET.format(
            1_010L, "parameters", "maxParameters", 1000L, 10L, "conv2", 910L);
    assertTrue(
        text.startsWith(
            "the model has 1,010 parameters, over @Budget(maxParameters =" + " 1000) by 10"),
        text);
  }
}
