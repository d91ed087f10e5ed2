package dev.bootstrap.testing.lab;

import dev.bootstrap.testing.Requirements;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test class one lab (3 nodes unless {@link LabNodes} says otherwise), brought up before
 * its first test and taken down after its last, also when tests fail (the lab is a closeable
 * resource in the class's extension store). Tests receive it as a {@link Lab} parameter.
 * Needs root and network namespaces: skips outside CI, fails under BOOTSTRAP_LAB_REQUIRED=1.
 */
public final class LabExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LabExtension.class);

    private record Resource(Lab lab) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            lab.close();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        requireLabSupport();
        int count = context.getRequiredTestClass().isAnnotationPresent(LabNodes.class)
                ? context.getRequiredTestClass().getAnnotation(LabNodes.class).value() : 3;
        Lab.collectGarbage();
        // One lab per JVM at a time (test classes run one after another); the PID keeps concurrent
        // builds on the same machine apart, and `up` replaces a stale lab of the same name.
        String name = "junit-" + ProcessHandle.current().pid();
        Lab lab = Lab.up(name, count);
        context.getStore(NS).put(Lab.class, new Resource(lab));
    }

    /** Root, working namespaces and the tools the lab uses; skips or (in CI) fails otherwise. */
    public static void requireLabSupport() {
        Requirements.requireRoot();
        Requirements.require(Requirements.which("ip") != null && Requirements.which("unshare") != null
                && Requirements.which("nsenter") != null && namespacesWork(),
                "needs network, mount and PID namespaces (unshare --net --mount --pid) and ip, unshare, nsenter "
                        + "(scripts/install-test-deps.sh)");
        Requirements.requireTool("/usr/sbin/sshd");
        Requirements.requireTool("ssh-keygen");
        Requirements.requireTool("sudo");
        Requirements.requireTool("timeout");
    }

    /** Root alone is not enough: a container may forbid creating namespaces. */
    private static boolean namespacesWork() {
        try {
            LocalCommand.run(List.of("unshare", "--net", "--mount", "--pid", "--fork", "true"));
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == Lab.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Resource r = extensionContext.getStore(NS).get(Lab.class, Resource.class);
        if (r == null) {
            throw new IllegalStateException("no lab: use @ExtendWith(LabExtension.class) on the test class");
        }
        return r.lab();
    }
}
