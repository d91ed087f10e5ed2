package dev.bootstrap.templates;

import java.nio.charset.StandardCharsets;

/**
 * A validated file ready to be written: its node path, content and mode. The template it came from
 * is kept for messages.
 */
public record RenderedFile(String path, byte[] content, int mode, String template) {

    public String text() {
        return new String(content, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RenderedFile r && r.path.equals(path) && java.util.Arrays.equals(r.content, content)
                && r.mode == mode && r.template.equals(template);
    }

    @Override
    public int hashCode() {
        return path.hashCode() * 31 + java.util.Arrays.hashCode(content);
    }

    @Override
    public String toString() {
        return "RenderedFile[" + path + ", " + content.length + " bytes, mode " + Integer.toOctalString(mode) + "]";
    }
}
