package hubmirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The build fails on a {@code @JSBody} script that declares a name TeaVM's renamed parameters can collide with.
 * TeaVM inlines each script as a function whose parameters it renames to one-letter names ({@code b, c, d, …});
 * a name the script declares itself (a {@code var}, a callback's parameter, a {@code catch} variable) that
 * equals one of them shadows the parameter. Shipped once: {@code function (e) { clearTimeout(timer); … }}
 * compiled to {@code function(e){clearTimeout(e);…}}, so the timer was never cleared. Rule: every declared name
 * has at least three characters and is none of the script's own parameters.
 */
class JsBodyNamesTest {
    private static final String[] SOURCE_ROOTS = {"main/java", "workers/java", "examples/java"};

    @Test
    void everyScriptDeclaresOnlyLongNamesOfItsOwn() throws IOException {
        List<String> problems = new ArrayList<>();
        int scripts = 0;
        for (String root : SOURCE_ROOTS) {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(Paths.get(root))) {
                files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
            }
            for (Path file : files) {
                String source = Files.readString(file, StandardCharsets.UTF_8);
                for (JsBody body : JsBody.all(source)) {
                    scripts++;
                    for (String name : JsDeclarations.of(body.script)) {
                        if (name.length() < 3 || body.params.contains(name)) {
                            problems.add(file + ": @JSBody(params = " + body.params + ") declares '" + name + "'");
                        }
                    }
                }
            }
        }
        assertTrue(scripts > 30, "found the scripts (" + scripts + ")");
        assertEquals(List.of(), problems);
    }

    @Test
    void theCheckFindsTheShippedBug() {
        String java = "@JSBody(params = {\"response\", \"timer\"}, script = \"\"\n"
                + "    + \"response.arrayBuffer().then(function (b) { clearTimeout(timer); },\"\n"
                + "    + \" function (e) { clearTimeout(timer); reject(e); });\")\n"
                + "private static native Promise<ArrayBuffer> readWithin(Response response, int timer);";
        List<JsBody> bodies = JsBody.all(java);
        assertEquals(1, bodies.size());
        assertEquals(List.of("response", "timer"), bodies.get(0).params);
        assertEquals(List.of("b", "e"), JsDeclarations.of(bodies.get(0).script));
    }

    @Test
    void declarationsOfEveryKind() {
        assertEquals(List.of("first", "second", "third", "named", "argOne", "argTwo", "caught", "arrow", "left", "right"),
                JsDeclarations.of("var first = f(1, [2, 3]), second = 'var x', third; function named(argOne, argTwo) {"
                        + " try { } catch (caught) { } } let arrow = 1; var g = (left, right) => left;"
                        + " var s = \"const y\"; x.var = 2;").stream().filter(n -> !n.equals("g") && !n.equals("s"))
                        .toList());
        assertEquals(List.of("item"), JsDeclarations.of("list.map(item => item + 1)"));
    }

    /** One {@code @JSBody} annotation: its parameter names and its script, the Java string literals joined. */
    static final class JsBody {
        final List<String> params = new ArrayList<>();
        final String script;

        private JsBody(String script) {
            this.script = script;
        }

        static List<JsBody> all(String source) {
            List<JsBody> bodies = new ArrayList<>();
            int at = source.indexOf("@JSBody(");
            while (at >= 0) {
                int end = closingParen(source, at + "@JSBody".length());
                bodies.add(parse(source.substring(at + "@JSBody(".length(), end)));
                at = source.indexOf("@JSBody(", end);
            }
            return bodies;
        }

        /** {@code params = …, script = …} in either order; the literals after each name belong to it. */
        private static JsBody parse(String arguments) {
            List<String> params = new ArrayList<>();
            StringBuilder script = new StringBuilder();
            String current = null;
            int i = 0;
            while (i < arguments.length()) {
                char c = arguments.charAt(i);
                if (c == '"') {
                    int close = stringEnd(arguments, i);
                    String literal = unescape(arguments.substring(i + 1, close));
                    if ("params".equals(current)) {
                        params.add(literal);
                    } else if ("script".equals(current)) {
                        script.append(literal);
                    }
                    i = close + 1;
                } else if (Character.isJavaIdentifierStart(c)) {
                    int start = i;
                    while (i < arguments.length() && Character.isJavaIdentifierPart(arguments.charAt(i))) {
                        i++;
                    }
                    String word = arguments.substring(start, i);
                    if (word.equals("params") || word.equals("script")) {
                        current = word;
                    }
                } else {
                    i++;
                }
            }
            JsBody body = new JsBody(script.toString());
            body.params.addAll(params);
            return body;
        }

        private static int closingParen(String source, int open) {
            int depth = 0;
            for (int i = open; i < source.length(); i++) {
                char c = source.charAt(i);
                if (c == '"') {
                    i = stringEnd(source, i);
                } else if (c == '(') {
                    depth++;
                } else if (c == ')' && --depth == 0) {
                    return i;
                }
            }
            throw new IllegalArgumentException("unclosed @JSBody");
        }

        private static int stringEnd(String source, int open) {
            for (int i = open + 1; i < source.length(); i++) {
                if (source.charAt(i) == '\\') {
                    i++;
                } else if (source.charAt(i) == '"') {
                    return i;
                }
            }
            throw new IllegalArgumentException("unclosed string");
        }

        private static String unescape(String literal) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < literal.length(); i++) {
                char c = literal.charAt(i);
                if (c == '\\' && i + 1 < literal.length()) {
                    char next = literal.charAt(++i);
                    out.append(next == 'n' ? '\n' : next == 't' ? '\t' : next);
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }
    }

    /** The names a JS snippet declares: var/let/const declarators, function names and parameters, catch, arrows. */
    static final class JsDeclarations {
        static List<String> of(String script) {
            List<String> tokens = tokens(script);
            List<String> names = new ArrayList<>();
            for (int i = 0; i < tokens.size(); i++) {
                String token = tokens.get(i);
                boolean member = i > 0 && tokens.get(i - 1).equals(".");
                if (!member && (token.equals("var") || token.equals("let") || token.equals("const"))) {
                    declarators(tokens, i + 1, names);
                } else if (!member && token.equals("function")) {
                    int j = i + 1;
                    if (j < tokens.size() && isName(tokens.get(j))) {
                        names.add(tokens.get(j++));
                    }
                    parameters(tokens, j, names);
                } else if (!member && token.equals("catch") && i + 2 < tokens.size() && tokens.get(i + 1).equals("(")) {
                    names.add(tokens.get(i + 2));
                } else if (token.equals("=>")) {
                    if (tokens.get(i - 1).equals(")")) {
                        int open = i - 1;
                        while (!tokens.get(open).equals("(")) {
                            open--;
                        }
                        parameters(tokens, open, names);
                    } else {
                        names.add(tokens.get(i - 1));
                    }
                }
            }
            return names;
        }

        /** Names of {@code a = …, b = …} up to the end of the statement (its initializers are scanned on their own). */
        private static int declarators(List<String> tokens, int i, List<String> names) {
            boolean expectName = true;
            int depth = 0;
            for (; i < tokens.size(); i++) {
                String token = tokens.get(i);
                if (expectName && depth == 0 && isName(token)) {
                    names.add(token);
                    expectName = false;
                } else if (token.equals("(") || token.equals("[") || token.equals("{")) {
                    depth++;
                } else if (token.equals(")") || token.equals("]") || token.equals("}")) {
                    if (--depth < 0) {
                        return i;
                    }
                } else if (depth == 0 && token.equals(",")) {
                    expectName = true;
                } else if (depth == 0 && token.equals(";")) {
                    return i;
                }
            }
            return i;
        }

        /** The names between the parenthesis at {@code open} and its match, skipping default values. */
        private static void parameters(List<String> tokens, int open, List<String> names) {
            if (open >= tokens.size() || !tokens.get(open).equals("(")) {
                return;
            }
            boolean expectName = true;
            for (int i = open + 1; i < tokens.size() && !tokens.get(i).equals(")"); i++) {
                String token = tokens.get(i);
                if (expectName && isName(token)) {
                    names.add(token);
                    expectName = false;
                } else if (token.equals(",")) {
                    expectName = true;
                }
            }
        }

        private static boolean isName(String token) {
            return !token.isEmpty() && (Character.isLetter(token.charAt(0)) || token.charAt(0) == '_'
                    || token.charAt(0) == '$');
        }

        /** Identifiers, {@code =>} and single punctuation; string and regex-free literals skipped whole. */
        private static List<String> tokens(String script) {
            List<String> tokens = new ArrayList<>();
            int i = 0;
            while (i < script.length()) {
                char c = script.charAt(i);
                if (c == '\'' || c == '"' || c == '`') {
                    int j = i + 1;
                    while (j < script.length() && script.charAt(j) != c) {
                        j += script.charAt(j) == '\\' ? 2 : 1;
                    }
                    tokens.add("\"\"");
                    i = j + 1;
                } else if (Character.isLetter(c) || c == '_' || c == '$') {
                    int start = i;
                    while (i < script.length() && (Character.isLetterOrDigit(script.charAt(i))
                            || script.charAt(i) == '_' || script.charAt(i) == '$')) {
                        i++;
                    }
                    tokens.add(script.substring(start, i));
                } else if (Character.isDigit(c)) {
                    while (i < script.length() && Character.isLetterOrDigit(script.charAt(i))) {
                        i++;
                    }
                    tokens.add("0");
                } else if (c == '=' && i + 1 < script.length() && script.charAt(i + 1) == '>') {
                    tokens.add("=>");
                    i += 2;
                } else if (Character.isWhitespace(c)) {
                    i++;
                } else {
                    tokens.add(String.valueOf(c));
                    i++;
                }
            }
            return tokens;
        }
    }
}
