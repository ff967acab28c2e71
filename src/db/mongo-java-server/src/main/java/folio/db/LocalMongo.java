package folio.db;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.AbstractMongoBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import io.netty.channel.Channel;

/**
 * Folio's local database: mongo-java-server on loopback, with the in-memory backend (tests) or a
 * durable H2 file (development). Started by src/db/localDatabase.ts:
 *
 * <pre>
 *   java -Xmx1024m -cp 'classes:lib/*' folio.db.LocalMongo --port 0 --data .data/db/folio.mv.db --exit-with-parent
 * </pre>
 *
 * It prints one line {@code READY port=N backend=…} on stdout once it accepts connections; further
 * output (stderr only) is one line per event, prefixed {@code folio-db:}. It stops cleanly on SIGTERM
 * (the store is committed and closed) and, with {@code --exit-with-parent}, when stdin closes, so the
 * Node process dying (even by SIGKILL) stops it too.
 */
public final class LocalMongo {

    private LocalMongo() {
    }

    public static void main(String[] args) {
        String host = "127.0.0.1";
        int port = 0;
        boolean memory = false;
        String dataFile = null;
        boolean exitWithParent = false;
        int cacheMb = 0; // 0: a quarter of the heap
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--host": host = args[++i]; break;
                    case "--port": port = Integer.parseInt(args[++i]); break;
                    case "--memory": memory = true; break;
                    case "--data": dataFile = args[++i]; break;
                    case "--cache-mb": cacheMb = Integer.parseInt(args[++i]); break;
                    case "--exit-with-parent": exitWithParent = true; break;
                    default: throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
            if (memory == (dataFile != null)) {
                throw new IllegalArgumentException("pass exactly one of --memory and --data <file.mv.db>");
            }
        } catch (RuntimeException e) {
            fatal("usage: LocalMongo [--host H] [--port N] (--memory | --data FILE) [--cache-mb N] [--exit-with-parent]: "
                + e.getMessage());
            return;
        }

        Guard guard = new Guard(new HeapWatch(0.85, 0.75));
        AbstractMongoBackend backend;
        try {
            backend = memory ? new GuardedMemoryBackend(guard) : DurableH2Backend.open(dataFile, cacheMb, guard);
        } catch (RuntimeException e) {
            fatal("cannot open " + dataFile + ": " + e.getMessage());
            return;
        }

        MongoServer server = new MongoServer(backend);
        try {
            server.bind(host, port);
        } catch (Exception e) { // netty rethrows the checked BindException unchanged
            backend.close();
            fatal("cannot listen on " + host + ":" + port + ": " + e);
            return;
        }
        // SIGTERM/SIGINT and System.exit run this: stop accepting, let running commands finish, close the store.
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown, "folio-db-shutdown"));

        InetSocketAddress address = server.getLocalAddress();
        System.out.println("READY port=" + address.getPort() + " backend=" + (memory ? "memory" : "h2")
            + " heapMaxMb=" + mb(Runtime.getRuntime().maxMemory()));
        System.out.flush();

        if (exitWithParent) {
            Thread watcher = new Thread(() -> {
                try (InputStream in = System.in) {
                    byte[] buffer = new byte[256];
                    while (in.read(buffer) >= 0) {
                        // the parent never writes; anything it sends is ignored
                    }
                } catch (IOException ignored) {
                    // a broken pipe means the same as end of input
                }
                System.exit(0);
            }, "folio-db-parent-watch");
            watcher.setDaemon(true);
            watcher.start();
        }
    }

    static void log(String message) {
        System.err.println("folio-db: " + message);
        System.err.flush();
    }

    private static void fatal(String message) {
        log(message);
        System.exit(1);
    }

    static long mb(long bytes) {
        return Math.round(bytes / (1024.0 * 1024.0));
    }

    /**
     * Watches the heap after each garbage collection. {@link #nearLimit()} turns true when a full
     * collection leaves more than {@code high} of the maximum heap in use, and false again below
     * {@code low}: heap used right after a collection is live data, unlike the raw usage at any instant.
     */
    static final class HeapWatch {
        private final double high;
        private final double low;
        private final long max = Runtime.getRuntime().maxMemory();
        private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP)
            .map(MemoryPoolMXBean::getName)
            .collect(Collectors.toSet());
        private volatile long usedAfterGc = -1;
        private volatile boolean nearLimit;
        private volatile long lastFullGcRequest;
        private volatile long lastLogged;

        HeapWatch(double high, double low) {
            this.high = high;
            this.low = low;
            for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (collector instanceof NotificationEmitter) {
                    ((NotificationEmitter) collector).addNotificationListener((notification, handback) -> {
                        if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                            afterGc(GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()));
                        }
                    }, null, null);
                }
            }
        }

        private void afterGc(GarbageCollectionNotificationInfo info) {
            long used = 0;
            for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                if (heapPools.contains(pool.getKey())) used += pool.getValue().getUsed();
            }
            usedAfterGc = used;
            boolean full = info.getGcAction().contains("major");
            if (used > high * max) {
                // A young collection leaves old garbage behind: only a full collection confirms the limit.
                if (full) setNearLimit(true);
                else if (!nearLimit) requestFullGc(10_000);
            } else if (used < low * max) {
                setNearLimit(false);
            }
        }

        private void setNearLimit(boolean value) {
            if (nearLimit == value) return;
            nearLimit = value;
            // Huge messages in a small heap can cross the limit at every collection: one line per 30 s.
            long now = System.currentTimeMillis();
            if (now - lastLogged < 30_000) return;
            lastLogged = now;
            log(value ? "heap nearly full: " + describe() + "; writes are refused until memory is freed or the heap is raised"
                : "heap below its limit again: " + describe() + "; writes are accepted");
        }

        /** A full collection in the background (at most one per `minIntervalMs`), to confirm or clear the limit. */
        void requestFullGc(long minIntervalMs) {
            long now = System.currentTimeMillis();
            if (now - lastFullGcRequest < minIntervalMs) return;
            lastFullGcRequest = now;
            Thread gc = new Thread(System::gc, "folio-db-gc-check");
            gc.setDaemon(true);
            gc.start();
        }

        boolean nearLimit() {
            return nearLimit;
        }

        long usedBytes() {
            long after = usedAfterGc;
            return after >= 0 ? after : Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        }

        long maxBytes() {
            return max;
        }

        String describe() {
            return String.format(Locale.ROOT, "%d of %d MB heap in use after GC (%d%%)",
                mb(usedBytes()), mb(max), Math.round(100.0 * usedBytes() / max));
        }
    }

    /**
     * What both backends do around every command: answer {@code {folioStatus: 1}}, refuse writes that
     * add data while the heap is nearly full (error 146 ExceededMemoryLimit, a clear message), and stop
     * accepting writes for good after an OutOfMemoryError inside one, whose half-done changes must never
     * be acknowledged or saved.
     */
    static final class Guard {
        static final int EXCEEDED_MEMORY_LIMIT = 146;

        /** Commands that never change data; any other command is treated as a write. */
        private static final Set<String> READS = Set.of("find", "getmore", "count", "distinct", "aggregate",
            "listcollections", "listindexes", "listdatabases", "ping", "ismaster", "hello", "buildinfo",
            "serverstatus", "whatsmyuri", "killcursors", "endsessions", "dbstats", "collstats", "getlasterror",
            "reseterror", "getlog", "hostinfo", "connectionstatus", "getparameter", "getcmdlineopts",
            "replsetgetstatus", "currentop", "validate", "saslstart", "saslcontinue", "getfreemonitoringstatus");

        /** Writes that only remove data: still accepted near the heap limit, they are the way out of it. */
        private static final Set<String> REMOVALS = Set.of("delete", "drop", "dropdatabase", "dropindexes");

        final HeapWatch heap;
        private volatile String failure;

        Guard(HeapWatch heap) {
            this.heap = heap;
        }

        static boolean isStatus(String command) {
            return command.equalsIgnoreCase("folioStatus");
        }

        /** True when the command may change data: anything not known to be a read, and `$out`/`$merge` pipelines. */
        static boolean isWrite(String command, Document query) {
            String name = command.toLowerCase(Locale.ROOT);
            if (name.equals("aggregate")) {
                Object pipeline = query.get("pipeline");
                if (pipeline instanceof List) {
                    for (Object stage : (List<?>) pipeline) {
                        if (stage instanceof Document
                            && (((Document) stage).containsKey("$out") || ((Document) stage).containsKey("$merge"))) {
                            return true;
                        }
                    }
                }
                return false;
            }
            return !READS.contains(name);
        }

        /** Throws the error to answer instead of running a write, or returns when it may run. */
        void checkWrite(String command) {
            if (failure != null) {
                throw new MongoServerError(EXCEEDED_MEMORY_LIMIT, "ExceededMemoryLimit", failure);
            }
            if (heap.nearLimit() && !REMOVALS.contains(command.toLowerCase(Locale.ROOT))) {
                throw new MongoServerError(EXCEEDED_MEMORY_LIMIT, "ExceededMemoryLimit",
                    "Folio's local database refuses writes: " + heap.describe()
                        + ". Raise its heap (LOCAL_DB_HEAP_MB) and restart; reads and deletes still work.");
            }
        }

        /** After a removal near the limit, collects soon so writes resume as soon as memory is free. */
        void afterWrite(String command) {
            if (heap.nearLimit() && REMOVALS.contains(command.toLowerCase(Locale.ROOT))) heap.requestFullGc(1000);
        }

        /** Records an OutOfMemoryError; after one in a write, no write is accepted until a restart. */
        MongoServerError outOfMemory(boolean write, OutOfMemoryError error) {
            String message = "Folio's local database ran out of memory (" + error.getMessage() + ", " + heap.describe() + ")";
            if (!write) {
                log(message + " while answering a read; the read failed, the data is intact");
                return new MongoServerError(EXCEEDED_MEMORY_LIMIT, "ExceededMemoryLimit", message + ".");
            }
            if (failure == null) {
                // The half-done write may have reached the indexes but not the documents: scan from now on.
                QueryPlanner.distrustIndexes();
                failure = message + " during a write. It accepts no more writes until restarted with a larger heap (LOCAL_DB_HEAP_MB);"
                    + " every acknowledged write is kept, the unfinished one was not saved.";
                log(failure);
            }
            return new MongoServerError(EXCEEDED_MEMORY_LIMIT, "ExceededMemoryLimit", failure);
        }

        boolean failed() {
            return failure != null;
        }

        /** The answer to `{folioStatus: 1}`; `extra` adds backend details (file, size, commits). */
        Document status(Document extra) {
            // Asked again while near the limit (readiness checks poll): collect now and then, so memory
            // freed since the last collection is seen.
            if (heap.nearLimit()) heap.requestFullGc(5_000);
            Document status = new Document();
            status.put("heapUsedMb", mb(heap.usedBytes()));
            status.put("heapMaxMb", mb(heap.maxBytes()));
            status.put("nearLimit", heap.nearLimit() || failed());
            status.put("failed", failed());
            if (failed()) {
                status.put("message", failure);
            } else if (heap.nearLimit()) {
                status.put("message", "heap nearly full: " + heap.describe() + "; writes are refused");
            }
            status.putAll(extra);
            status.put("ok", 1.0);
            return status;
        }
    }

    /**
     * The in-memory backend for tests, with the same status command, heap guard and indexes
     * ({@link IndexedStorage}) as the file backend.
     */
    static final class GuardedMemoryBackend extends MemoryBackend {
        private final Guard guard;

        GuardedMemoryBackend(Guard guard) {
            this.guard = guard;
        }

        @Override
        public MemoryDatabase openOrCreateDatabase(String databaseName) {
            return new IndexedStorage.IndexedMemoryDatabase(databaseName, getCursorRegistry());
        }

        @Override
        public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
            if (Guard.isStatus(command)) return guard.status(new Document("backend", "memory"));
            boolean write = Guard.isWrite(command, query);
            if (write) guard.checkWrite(command);
            try {
                Document result = super.handleCommand(channel, databaseName, command, query);
                if (write) guard.afterWrite(command);
                return result;
            } catch (OutOfMemoryError e) {
                throw guard.outOfMemory(write, e);
            }
        }
    }
}
