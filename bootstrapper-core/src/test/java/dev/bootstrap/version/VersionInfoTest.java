package dev.bootstrap.version;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

class VersionInfoTest {

    private static final VersionInfo INFO = new VersionInfo("0", "1", "v0.1.0", "0123abcd", "clean",
            "2026-12-07T05:00:00Z", "java25.0.3+9-LTS", "javac", "linux/amd64");

    @Test
    void textIsGosHashVOfTheInfo() {
        assertEquals("bootstrap version: &version.Info{Major:\"0\", Minor:\"1\", GitVersion:\"v0.1.0\", "
                + "GitCommit:\"0123abcd\", GitTreeState:\"clean\", BuildDate:\"2026-12-07T05:00:00Z\", "
                + "GoVersion:\"java25.0.3+9-LTS\", Compiler:\"javac\", Platform:\"linux/amd64\"}", INFO.text());
    }

    @Test
    void shortIsTheGitVersion() {
        assertEquals("v0.1.0", INFO.shortText());
    }

    @Test
    void jsonIsMarshalIndentUnderClientVersion() {
        assertEquals("""
                {
                  "clientVersion": {
                    "major": "0",
                    "minor": "1",
                    "gitVersion": "v0.1.0",
                    "gitCommit": "0123abcd",
                    "gitTreeState": "clean",
                    "buildDate": "2026-12-07T05:00:00Z",
                    "goVersion": "java25.0.3+9-LTS",
                    "compiler": "javac",
                    "platform": "linux/amd64"
                  }
                }""", INFO.json());
    }

    @Test
    void yamlHasSortedKeysAndQuotesOnlyWhatWouldChangeType() {
        assertEquals("""
                clientVersion:
                  buildDate: "2026-12-07T05:00:00Z"
                  compiler: javac
                  gitCommit: 0123abcd
                  gitTreeState: clean
                  gitVersion: v0.1.0
                  goVersion: java25.0.3+9-LTS
                  major: "0"
                  minor: "1"
                  platform: linux/amd64
                """, INFO.yaml());
        // Every value reads back as the string it is, including an empty one.
        VersionInfo empty = new VersionInfo("1", "2", "v1.2.3", "", "", "", "j", "javac", "linux/arm64");
        java.util.Map<?, ?> doc = (java.util.Map<?, ?>) new Yaml().<java.util.Map<?, ?>>load(empty.yaml()).get("clientVersion");
        assertEquals("", doc.get("gitCommit"));
        assertEquals("1", doc.get("major"));
    }

    @Test
    void ofReadsTheBuildsPropertiesAndThisJvm() {
        Properties build = new Properties();
        build.setProperty("version", "0.2.0-SNAPSHOT");
        build.setProperty("gitCommit", "feed");
        build.setProperty("gitTreeState", "dirty");
        build.setProperty("buildDate", "2026-12-07T00:00:00Z");
        VersionInfo info = VersionInfo.of(build);
        assertEquals("0", info.major());
        assertEquals("2", info.minor());
        assertEquals("v0.2.0-SNAPSHOT", info.gitVersion());
        assertEquals("feed", info.gitCommit());
        assertEquals("dirty", info.gitTreeState());
        assertEquals("java" + Runtime.version(), info.goVersion());
        assertTrue(info.platform().startsWith("linux/"), info.platform());
        assertEquals("arm64", VersionInfo.arch("aarch64"));
        assertEquals("amd64", VersionInfo.arch("x86_64"));
    }
}
