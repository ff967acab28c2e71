package folio.db;

import java.util.Iterator;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.RandomAccessStore;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import io.netty.channel.Channel;

/**
 * mongo-java-server's H2 backend made durable: a write is committed and synced to disk before its
 * reply is sent, so every acknowledged write survives a SIGKILL (and a power loss, as far as
 * FileChannel.force reaches). Stock H2Backend commits once a second in the background instead.
 *
 * <p>Every command reaches {@link #handleCommand} and its reply is written only after it returns,
 * so this is the one place to commit. Writes run under the shared side of a lock and the commit
 * under the exclusive side: a commit never saves half of a concurrent write, and one commit saves
 * the finished writes of every thread waiting for it (group commit). Reads take no lock.
 *
 * <p>Each commit writes a new chunk. MVStore keeps replaced chunks for 45 s by default, which made
 * the file grow ~100x under a burst of small writes; here replaced chunks are reused at once
 * (retention 0: each commit is synced, and every command pins the store version it reads, so a
 * running query never loses its pages), and housekeeping rewrites sparse chunks and shrinks the file.
 */
final class DurableH2Backend extends H2Backend {

    /** Below this share of live data in the chunks, housekeeping rewrites them. */
    private static final int TARGET_FILL_RATE = 80;
    private static final int HOUSEKEEPING_SECONDS = 5;
    /** Live data rewritten per pass while writes come in, and at most moved per pass when idle. */
    private static final int REWRITE_BYTES = 4 << 20;
    private static final int MOVE_BYTES = 64 << 20;
    /** A map of Folio's own (no dot in its name, so no database's drop touches it). */
    private static final String HOUSEKEEPING_MAP = "folioHousekeeping";

    private final MVStore store;
    private final String fileName;
    private final LocalMongo.Guard guard;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final AtomicLong commits = new AtomicLong();
    private final ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "folio-db-housekeeping");
        thread.setDaemon(true);
        return thread;
    });
    private volatile long commitsAtLastHousekeeping;
    private volatile boolean compactedSinceLastWrite;

    /**
     * Opens the file. The page cache decides speed: a query without a usable index reads every
     * document of its collection, which takes ~0.3 ms per ~6 KB document when it is not cached, so
     * by default the cache gets a quarter of the heap (cached documents take ~2x MVStore's estimate,
     * so a full cache fills about half the heap).
     */
    static DurableH2Backend open(String fileName, int cacheMb, LocalMongo.Guard guard) {
        int cache = cacheMb > 0 ? cacheMb : (int) Math.max(8, LocalMongo.mb(Runtime.getRuntime().maxMemory()) / 4);
        MVStore store = new MVStore.Builder()
            .fileName(fileName)
            .cacheSize(cache)
            // Documents are Java-serialised; LZF makes the file ~4x smaller and loads no slower.
            .compress()
            // No background writer: it would commit whatever a running write has half done.
            .autoCommitDisabled()
            .open();
        store.setRetentionTime(0);
        store.setVersionsToKeep(0);
        return new DurableH2Backend(store, fileName, guard);
    }

    private DurableH2Backend(MVStore store, String fileName, LocalMongo.Guard guard) {
        super(store);
        this.store = store;
        this.fileName = fileName;
        this.guard = guard;
        housekeeping.execute(this::warmCache);
        housekeeping.scheduleWithFixedDelay(this::housekeep, HOUSEKEEPING_SECONDS, HOUSEKEEPING_SECONDS, TimeUnit.SECONDS);
    }

    /** Called by H2Backend's constructor for the databases in the file too, before this class's fields are set. */
    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new IndexedStorage.IndexedH2Database(databaseName, getMvStore(), getCursorRegistry());
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        if (LocalMongo.Guard.isStatus(command)) return guard.status(statusDetails());
        boolean write = LocalMongo.Guard.isWrite(command, query);
        if (write) guard.checkWrite(command);
        // Pins the store version this command reads, so no chunk it may still read is overwritten.
        MVStore.TxCounter reading = store.registerVersionUsage();
        try {
            if (write) lock.readLock().lock();
            try {
                return super.handleCommand(channel, databaseName, command, query);
            } catch (OutOfMemoryError e) {
                // Recorded while the write still holds the lock: no commit can save its half-done changes.
                throw guard.outOfMemory(write, e);
            } finally {
                if (write) lock.readLock().unlock();
            }
        } finally {
            store.deregisterVersionUsage(reading);
            // Also after an error: a partly applied insertMany acknowledges the documents it wrote.
            // Reads skip this, so they never wait for another command's commit.
            if (write) {
                makeDurable();
                guard.afterWrite(command);
            }
        }
    }

    /** Commits and syncs what finished writes changed; a no-op when another thread's commit covered them. */
    private void makeDurable() {
        if (!store.hasUnsavedChanges()) return;
        lock.writeLock().lock();
        try {
            commitLocked();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The caller holds the write lock, so no write is half done. */
    private void commitLocked() {
        if (guard.failed()) {
            // Roll the half-done write back instead of saving it; nothing after it is acknowledged.
            store.rollback();
            throw new MongoServerError(LocalMongo.Guard.EXCEEDED_MEMORY_LIMIT, "ExceededMemoryLimit",
                "Folio's local database stopped accepting writes after running out of memory; raise LOCAL_DB_HEAP_MB and restart.");
        }
        if (store.hasUnsavedChanges()) {
            store.commit();
            store.sync();
            commits.incrementAndGet();
        }
    }

    /**
     * Keeps the file near the size of its live data. While writes come in, chunks that hold mostly
     * replaced data are rewritten (alongside the writes; only the commit waits). Once writes pause,
     * dead chunks are dropped, the rest moved down and the file truncated.
     */
    private void housekeep() {
        long done = commits.get();
        boolean idle = done == commitsAtLastHousekeeping;
        commitsAtLastHousekeeping = done;
        if (idle && compactedSinceLastWrite || guard.failed() || store.isClosed()) return;
        try {
            if (!idle) {
                if (store.getFileStore().getChunksFillRate() < TARGET_FILL_RATE
                    && store.compact(TARGET_FILL_RATE, REWRITE_BYTES)) {
                    makeDurable();
                }
            } else {
                lock.writeLock().lock();
                try {
                    compactLocked();
                } finally {
                    lock.writeLock().unlock();
                }
            }
            compactedSinceLastWrite = idle;
        } catch (RuntimeException e) {
            LocalMongo.log("compacting " + fileName + " failed: " + e);
        }
    }

    /** Rewrites sparse chunks, drops dead ones, moves the rest down and truncates; the caller holds the write lock. */
    private void compactLocked() {
        if (store.compact(TARGET_FILL_RATE, MOVE_BYTES)) {
            store.commit();
            // Chunks emptied by that commit can be dropped only once a newer version exists.
            store.openMap(HOUSEKEEPING_MAP).put("compactedAt", System.currentTimeMillis());
            store.commit();
            store.sync();
        }
        if (store.getFileStore() instanceof RandomAccessStore) {
            // Syncs before it overwrites anything, and commits the moved chunks itself.
            ((RandomAccessStore) store.getFileStore()).compactMoveChunks(100, MOVE_BYTES, store);
            store.sync();
        }
    }

    /**
     * Builds each collection's secondary indexes after opening, in the background, and reads the
     * collections into the page cache while it has room, so the first queries after a restart do
     * not each decode whole collections from the file. A collection's indexes are built in one pass
     * over it; a query that comes first builds them itself.
     */
    private void warmCache() {
        MVStore.TxCounter reading = store.registerVersionUsage();
        try {
            boolean warming = true;
            for (String name : store.getMapNames()) {
                if (!name.startsWith("databases.") || store.isClosed()) continue;
                String namespace = name.substring("databases.".length());
                int dot = namespace.indexOf('.');
                // Only databases the file holds: resolveDatabase would create a dropped one again.
                if (dot > 0 && listDatabaseNames().contains(namespace.substring(0, dot))) {
                    MongoCollection<?> collection = resolveDatabase(namespace.substring(0, dot)).resolveCollection(namespace.substring(dot + 1), false);
                    if (collection instanceof IndexedStorage.IndexedH2Collection) ((IndexedStorage.IndexedH2Collection) collection).buildIndexes();
                }
                if (!warming) continue;
                MVMap<Object, Object> map = store.openMap(name);
                for (Iterator<Object> values = map.values().iterator(); values.hasNext(); values.next()) {
                    if (store.isClosed() || store.getCacheSizeUsed() >= store.getCacheSize() * 9 / 10) {
                        warming = false;
                        break;
                    }
                }
            }
        } catch (RuntimeException e) {
            // Only a warm-up: queries read what they need and build what is missing anyway.
        } finally {
            store.deregisterVersionUsage(reading);
        }
    }

    private Document statusDetails() {
        Document details = new Document("backend", "h2");
        details.put("file", fileName);
        details.put("fileSizeMb", store.getFileStore().size() / (1024.0 * 1024.0));
        details.put("fillRate", store.getFileStore().getChunksFillRate());
        details.put("cacheMb", store.getCacheSize());
        details.put("cacheUsedMb", store.getCacheSizeUsed());
        details.put("commits", commits.get());
        return details;
    }

    @Override
    public void close() {
        housekeeping.shutdownNow();
        lock.writeLock().lock();
        try {
            if (guard.failed()) {
                // Leaves the file as of the last commit: exactly the acknowledged writes.
                store.closeImmediately();
            } else {
                commitLocked();
                compactLocked();
                store.close();
            }
        } catch (RuntimeException e) {
            LocalMongo.log("closing " + fileName + " failed: " + e);
        } finally {
            lock.writeLock().unlock();
        }
        super.close();
    }
}
