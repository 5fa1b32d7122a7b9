package netsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.neo4j.configuration.Config;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Label;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.Transaction;
import org.neo4j.io.ByteUnit;
import org.neo4j.io.fs.DefaultFileSystemAbstraction;
import org.neo4j.kernel.impl.security.User;
import org.neo4j.logging.NullLogProvider;
import org.neo4j.memory.EmptyMemoryTracker;
import org.neo4j.server.security.SecureHasher;
import org.neo4j.server.security.SystemGraphCredential;
import org.neo4j.server.security.auth.CommunitySecurityModule;
import org.neo4j.server.security.auth.FileUserRepository;

/**
 * The netsupport development/test Neo4j server: Neo4j 5.26 Community, embedded, Bolt only.
 *
 * <p>Environment:
 * <ul>
 *   <li>{@code NEO4J_PASSWORD} (required): password of the {@code neo4j} user;</li>
 *   <li>{@code NEO4J_BOLT_PORT} (default 7687): Bolt listens on 127.0.0.1 only;</li>
 *   <li>{@code NEO4J_HOME_DIR} (default {@code neo4j/run}): Neo4j home; data in {@code data/},
 *       Neo4j's own logs in {@code logs/}.</li>
 * </ul>
 *
 * <p>The password is set without a window in which the default {@code neo4j/neo4j} login
 * works: before start an {@code auth.ini} (what {@code neo4j-admin dbms set-initial-password}
 * writes) is laid down; Neo4j takes it when it creates the security graph, and also when the
 * only user still has the default password. After start the stored credential is checked and,
 * if it differs (a changed NEO4J_PASSWORD on an existing store), set with
 * {@code ALTER USER neo4j SET PASSWORD ... CHANGE NOT REQUIRED} on the system database.
 *
 * <p>Prints {@code NEO4J READY bolt://127.0.0.1:PORT} once Bolt accepts connections; shuts
 * down cleanly on SIGTERM. Never prints the password.
 */
public final class Neo4jLauncher {
    private static final String USER = "neo4j";
    private static final String HOST = "127.0.0.1";
    // The page cache (off the heap) holds the store and index files; a load that misses it
    // reads and writes pages through the file system. 256 MB holds the 20,000-household city
    // (bench/RESULTS.md, "Neo4j bulk load"). NEO4J_PAGE_CACHE overrides it.
    private static final String PAGE_CACHE = "256m";
    private static final long TX_LOG_SIZE = ByteUnit.mebiBytes(16);
    private static final String TX_LOG_RETENTION = "2 files";
    private static final Duration AVAILABLE_TIMEOUT = Duration.ofMinutes(3);

    private Neo4jLauncher() {}

    public static void main(String[] args) {
        try {
            run();
        } catch (StartupError e) {
            System.err.println("Neo4jLauncher: " + e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            System.err.println("Neo4jLauncher: start failed: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run() throws Exception {
        String password = System.getenv("NEO4J_PASSWORD");
        if (password == null || password.isEmpty()) {
            throw new StartupError("NEO4J_PASSWORD is not set; refusing to start");
        }
        int port = boltPort();
        Path home = Path.of(envOr("NEO4J_HOME_DIR", "neo4j/run")).toAbsolutePath().normalize();
        Files.createDirectories(home);

        Config probe = Config.newBuilder().set(GraphDatabaseSettings.neo4j_home, home).build();
        int minLength = probe.get(GraphDatabaseSettings.auth_minimum_password_length);
        if (password.codePointCount(0, password.length()) < minLength) {
            throw new StartupError("NEO4J_PASSWORD is shorter than " + minLength + " characters");
        }
        Path initialAuth = CommunitySecurityModule.getInitialUserRepositoryFile(probe);
        writeInitialAuth(initialAuth, password);

        // Registered before the build: a SIGTERM during start-up waits for the start to end,
        // then shuts down cleanly too.
        AtomicReference<DatabaseManagementService> running = new AtomicReference<>();
        CountDownLatch built = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                built.await(AVAILABLE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            DatabaseManagementService service = running.getAndSet(null);
            if (service == null) {
                return;
            }
            System.out.println("NEO4J STOPPING");
            System.out.flush();
            try {
                service.shutdown();
            } finally {
                System.out.println("NEO4J STOPPED");
                System.out.flush();
                stopped.countDown();
            }
        }, "neo4j-shutdown"));

        DatabaseManagementService dbms;
        try {
            dbms = new DatabaseManagementServiceBuilder(home)
                    .setConfig(GraphDatabaseSettings.auth_enabled, true)
                    .setConfig(GraphDatabaseSettings.pagecache_memory,
                            bytes("NEO4J_PAGE_CACHE", PAGE_CACHE))
                    // 0 = no limit but the heap (70% of it, Neo4j's default total budget); a
                    // lower limit shows which transaction outgrows it.
                    .setConfig(GraphDatabaseSettings.memory_transaction_max_size,
                            bytes("NEO4J_TX_MEMORY_MAX", "0"))
                    .setConfig(GraphDatabaseSettings.keep_logical_logs, TX_LOG_RETENTION)
                    .setConfig(GraphDatabaseSettings.logical_log_rotation_threshold, TX_LOG_SIZE)
                    .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                    .setConfig(GraphDatabaseSettings.udc_enabled, false)
                    .setConfig(BoltConnector.enabled, true)
                    .setConfig(BoltConnector.listen_address, new SocketAddress(HOST, port))
                    .setConfig(BoltConnector.advertised_address, new SocketAddress(HOST, port))
                    .setConfig(HttpConnector.enabled, false)
                    .setConfig(HttpsConnector.enabled, false)
                    // Bolt's event loops wait this many idle seconds before stopping (default 5).
                    .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 1)
                    .build();
            running.set(dbms);
        } finally {
            built.countDown();
        }

        Files.deleteIfExists(initialAuth);
        ensurePassword(dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME), password);

        GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        if (!db.isAvailable(AVAILABLE_TIMEOUT.toMillis())) {
            throw new IllegalStateException("database '" + db.databaseName() + "' not available");
        }
        waitForPort(port);
        System.out.println("NEO4J READY bolt://" + HOST + ":" + port);
        System.out.flush();

        stopped.await();
    }

    /** The initial-user file Neo4j reads (as {@code neo4j-admin dbms set-initial-password}). */
    private static void writeInitialAuth(Path file, String password) throws Exception {
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        FileUserRepository repo = new FileUserRepository(
                new DefaultFileSystemAbstraction(), file,
                NullLogProvider.getInstance(), EmptyMemoryTracker.INSTANCE);
        repo.start();
        try {
            SystemGraphCredential credential = SystemGraphCredential.createCredentialForPassword(
                    password.getBytes(StandardCharsets.UTF_8), new SecureHasher());
            repo.create(new User(USER, null, credential, false, false));
        } finally {
            repo.shutdown();
        }
    }

    /** Makes the stored neo4j password equal NEO4J_PASSWORD, with no change required. */
    private static void ensurePassword(GraphDatabaseService system, String password) {
        boolean matches;
        try (Transaction tx = system.beginTx()) {
            Node user = tx.findNode(Label.label("User"), "name", USER);
            if (user == null) {
                throw new IllegalStateException("no '" + USER + "' user in the system database");
            }
            SystemGraphCredential stored = SystemGraphCredential.deserialize(
                    user.getProperty("credentials").toString(), new SecureHasher());
            boolean changeRequired = Boolean.TRUE.equals(
                    user.getProperty("passwordChangeRequired", Boolean.FALSE));
            matches = stored.matchesPassword(password.getBytes(StandardCharsets.UTF_8))
                    && !changeRequired;
            tx.commit();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the stored credential", e);
        }
        if (matches) {
            return;
        }
        try (Transaction tx = system.beginTx()) {
            tx.execute("ALTER USER " + USER + " SET PASSWORD $password CHANGE NOT REQUIRED",
                    Map.of("password", password)).close();
            tx.commit();
        }
        System.out.println("NEO4J password of user '" + USER + "' updated from NEO4J_PASSWORD");
    }

    private static void waitForPort(int port) throws InterruptedException {
        long deadline = System.nanoTime() + AVAILABLE_TIMEOUT.toNanos();
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(HOST, port), 1000);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Bolt port " + port + " not accepting", e);
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
    }

    private static int boltPort() throws StartupError {
        String raw = envOr("NEO4J_BOLT_PORT", "7687");
        try {
            int port = Integer.parseInt(raw.trim());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new StartupError("NEO4J_BOLT_PORT is not a port number: " + raw);
        }
    }

    private static long bytes(String name, String fallback) throws StartupError {
        String raw = envOr(name, fallback);
        try {
            return ByteUnit.parse(raw.trim());
        } catch (IllegalArgumentException e) {
            throw new StartupError(name + " is not a size (such as 256m): " + raw);
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static final class StartupError extends Exception {
        StartupError(String message) {
            super(message);
        }
    }
}
