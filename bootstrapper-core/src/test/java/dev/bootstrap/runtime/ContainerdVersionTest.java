package dev.bootstrap.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bootstrap.runtime.ContainerdVersion.ConfigFormat;
import org.junit.jupiter.api.Test;

class ContainerdVersionTest {

    @Test
    void readsTheVersionOfEveryKnownBuild() {
        // Docker's containerd.io package, Debian's, upstream's 1.x and 2.x release binaries, a release candidate
        assertEquals(new ContainerdVersion(1, 7, 27), ContainerdVersion.parse(
                "containerd containerd.io 1.7.27 05044ec0a9a75232cad458027ca83437aae3f4da\n"));
        assertEquals(new ContainerdVersion(1, 6, 20), ContainerdVersion.parse(
                "containerd github.com/containerd/containerd 1.6.20~ds1 1.6.20~ds1-1+b1"));
        assertEquals(new ContainerdVersion(1, 7, 2), ContainerdVersion.parse(
                "containerd github.com/containerd/containerd v1.7.2 0cae528dd6cb557f7201036e9f43420650207b58"));
        assertEquals(new ContainerdVersion(2, 0, 0), ContainerdVersion.parse(
                "containerd github.com/containerd/containerd/v2 v2.0.0 207ad711eabd375a01713109a8a197d197ff6542"));
        assertEquals(new ContainerdVersion(2, 1, 0), ContainerdVersion.parse(
                "containerd github.com/containerd/containerd/v2 v2.1.0-rc.0 3ef8ad7fd1d0bbbd5e7d0a8ac8d1ac6b41c2af1e"));
        assertEquals("1.6.20", ContainerdVersion.parse("containerd x 1.6.20~ds1 y").toString());
    }

    @Test
    void outputThatIsNotContainerdsIsAnError() {
        for (String output : new String[] {"", "bash: containerd: command not found", "containerd containerd.io",
                "runc version 1.1.5", "containerd containerd.io 1.7 abc"}) {
            ContainerdException e = assertThrows(ContainerdException.class, () -> ContainerdVersion.parse(output));
            assertEquals("cannot read containerd's version from \"containerd --version\": \"" + output.strip()
                    + "\" (expected \"containerd <package> <major.minor.patch> <revision>\")", e.getMessage());
        }
    }

    @Test
    void oneSixAndOneSevenTakeVersionTwoTwoZeroToTwoTwoTakeVersionThree() {
        assertEquals(ConfigFormat.V2, new ContainerdVersion(1, 6, 0).configFormat());
        assertEquals(ConfigFormat.V2, new ContainerdVersion(1, 7, 27).configFormat());
        assertEquals(ConfigFormat.V3, new ContainerdVersion(2, 0, 0).configFormat());
        assertEquals(ConfigFormat.V3, new ContainerdVersion(2, 2, 1).configFormat());
        assertEquals(2, ConfigFormat.V2.version());
        assertEquals(3, ConfigFormat.V3.version());
    }

    @Test
    void otherReleasesAreErrorsNamingTheVersionAndWhatIsSupported() {
        for (ContainerdVersion v : new ContainerdVersion[] {new ContainerdVersion(1, 5, 18),
                new ContainerdVersion(2, 3, 0), new ContainerdVersion(3, 0, 0), new ContainerdVersion(0, 9, 0)}) {
            ContainerdException e = assertThrows(ContainerdException.class, v::configFormat);
            assertEquals("containerd " + v + " is not supported: bootstrap configures containerd 1.6, 1.7 and 2.0 to 2.2",
                    e.getMessage());
        }
    }
}
