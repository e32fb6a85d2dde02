package hubmirror.proxy;

/** What Maven knew when it built this Worker (filtered from main/java-templates at generate-sources). */
public final class Build {
    /** The project's version, from pom.xml: {@code /healthz} reports it. */
    public static final String VERSION = "${project.version}";

    private Build() {
    }
}
