package io.redwire.support;

import com.github.dockerjava.api.exception.NotFoundException;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.utility.DockerImageName;

/**
 * A Redis image built on this machine, because no image registry is reachable: {@code FROM scratch}
 * with the host's redis-server and redis-cli (from the PATH) and the shared libraries {@code ldd} lists
 * for them, tagged {@code redwire/redis-local:<version>}. Built at most once per run, and only when the
 * Docker engine does not have it yet (from this recipe); kept afterwards, so later runs start at once.
 *
 * <p>Callers check that Docker is up first ({@code @Testcontainers(disabledWithoutDocker = true)});
 * without redis-server, redis-cli or ldd on this machine the calling test is skipped.
 */
public final class LocalRedisImage {

  private static final String REPOSITORY = "redwire/redis-local";
  private static final Pattern VERSION = Pattern.compile("v=(\\d+\\.\\d+\\.\\d+)");
  // an ldd line names a library either as "libx.so => /lib/.../libx.so (0x...)" or as "/lib64/ld-linux... (0x...)"
  private static final Pattern LIBRARY = Pattern.compile("(/\\S+) \\(0x");
  private static final long COMMAND_TIMEOUT_SECONDS = 10;
  // raise RECIPE when build() changes, so machines that built an older image build this one
  private static final String RECIPE_LABEL = "io.redwire.image-recipe";
  private static final String RECIPE = "1";

  private static DockerImageName built;

  private LocalRedisImage() {
  }

  /** The image's name, built first if the Docker engine lacks it. */
  public static synchronized DockerImageName get() {
    if (built == null) {
      Path server = onPath("redis-server");
      Path cli = onPath("redis-cli");
      DockerImageName name = DockerImageName.parse(REPOSITORY).withTag(version(server));
      if (!present(name)) {
        build(name, server, cli);
      }
      built = name;
    }
    return built;
  }

  /** Present and built by this recipe (an image from an older recipe is rebuilt). */
  private static boolean present(DockerImageName name) {
    try {
      Map<String, String> labels = DockerClientFactory.instance().client()
          .inspectImageCmd(name.asCanonicalNameString()).exec().getConfig().getLabels();
      return labels != null && RECIPE.equals(labels.get(RECIPE_LABEL));
    } catch (NotFoundException e) {
      return false;
    }
  }

  private static void build(DockerImageName name, Path server, Path cli) {
    // image path -> host file; the binaries keep their names (redis-server is a symlink to redis-check-rdb
    // on Debian, and Redis picks its role from the name it is started by), libraries their ldd paths
    Map<String, Path> files = new LinkedHashMap<>();
    files.put("/usr/bin/redis-server", server);
    files.put("/usr/bin/redis-cli", cli);
    libraries(server).forEach(lib -> files.put(lib, Path.of(lib)));
    libraries(cli).forEach(lib -> files.put(lib, Path.of(lib)));

    // deleteOnExit false: the image outlives the run
    ImageFromDockerfile image = new ImageFromDockerfile(name.asCanonicalNameString(), false);
    files.forEach((target, source) -> image.withFileFromPath("rootfs" + target, realPath(source)));
    image.withDockerfileFromBuilder(dockerfile -> dockerfile
        .from("scratch")
        .copy("rootfs/", "/")
        .workDir("/data")
        // exec form: there is no shell to run a command line
        .entryPoint(new String[] {"/usr/bin/redis-server"})
        .label(RECIPE_LABEL, RECIPE)
        .build());
    image.get();
  }

  /** The shared libraries a binary loads, as absolute paths, per {@code ldd}. */
  private static Set<String> libraries(Path binary) {
    Matcher m = LIBRARY.matcher(run("ldd", binary.toString()));
    Set<String> found = new LinkedHashSet<>();
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  private static String version(Path server) {
    String out = run(server.toString(), "--version");
    Matcher m = VERSION.matcher(out);
    if (!m.find()) {
      throw new IllegalStateException("no version in `redis-server --version`: " + out);
    }
    return m.group(1);
  }

  private static String run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
      }
      return out;
    } catch (IOException e) {
      return Assumptions.abort("cannot run " + command[0] + " to build the local Redis image: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Path realPath(Path file) {
    try {
      return file.toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, command);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return Assumptions.abort("the local Redis image is built from " + command + " on the PATH, and there is none");
  }
}
