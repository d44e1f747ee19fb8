/*
 * Mulegraph's test Neo4j: starts Neo4j Community in-process (the embedded DBMS with its Bolt connector) from a
 * neo4j.conf written by test/support/neo4j-server.ts, prints one "ready" line on stdout, and shuts down cleanly on
 * SIGTERM or when its standard input closes (so a crashed parent never leaves a JVM behind).
 *
 * Usage: java -cp <classes>:<lib>/* Neo4jLauncher <home-dir> <neo4j.conf>
 */
import java.io.InputStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;

public final class Neo4jLauncher {
  private Neo4jLauncher() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("Neo4jLauncher: usage: Neo4jLauncher <home-dir> <neo4j.conf>");
      System.exit(2);
    }
    Path home = Path.of(args[0]).toAbsolutePath();
    Path conf = Path.of(args[1]).toAbsolutePath();

    DatabaseManagementService dbms;
    try {
      dbms = new DatabaseManagementServiceBuilder(home).loadPropertiesFromFile(conf).build();
      // Opening the default database proves the store is usable (recovery after a kill happens here).
      dbms.database("neo4j").executeTransactionally("RETURN 1");
    } catch (Throwable t) {
      System.err.println("Neo4jLauncher: Neo4j failed to start: " + t);
      t.printStackTrace();
      System.exit(1);
      return;
    }

    CountDownLatch stopped = new CountDownLatch(1);
    AtomicBoolean stopping = new AtomicBoolean(false);
    Runnable stop = () -> {
      if (stopping.compareAndSet(false, true)) {
        try {
          dbms.shutdown();
        } finally {
          stopped.countDown();
        }
      }
    };
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stop.run();
      try {
        stopped.await();
      } catch (InterruptedException ignored) {
        Thread.currentThread().interrupt();
      }
    }, "mulegraph-neo4j-shutdown"));

    Thread stdinWatch = new Thread(() -> {
      try (InputStream in = System.in) {
        while (in.read() != -1) {
          // Input is ignored; only its end matters.
        }
      } catch (Exception ignored) {
        // A broken pipe means the same as end of input.
      }
      stop.run();
      System.exit(0);
    }, "mulegraph-neo4j-stdin");
    stdinWatch.setDaemon(true);
    stdinWatch.start();

    System.out.println("mulegraph-neo4j: ready");
    System.out.flush();
    stopped.await();
  }
}
