package folio.db;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import io.netty.channel.Channel;

/**
 * The memory and H2 backends' databases and collections with real non-unique indexes
 * ({@link SecondaryIndex}), one beside each unique index but the primary key's ({@link ShadowedUniqueIndex}),
 * and a {@link QueryPlanner} that uses them and the primary key's index.
 *
 * <p>Every query of a collection (find, count, distinct, update, delete, findAndModify) goes through
 * {@code queryDocuments}, and an aggregate starts from {@code queryAllAsStream}: both ask the planner
 * first. Documents enter and change through the index callbacks; they leave through
 * {@code removeDocument(position)}, where the secondary indexes drop them. The two collection
 * classes differ only in their positions (list slots in memory, _id values in H2) and natural order.
 * The databases also hand the aggregate commands {@link FolioPipeline} answers (stages and operators
 * the library lacks) to it instead of the library.
 */
final class IndexedStorage {

    private IndexedStorage() {
    }

    /**
     * Whether the collection has this index already, with the same options: asked without the
     * collection's lock. Payload asks for every index at each start, and the lock may be held for
     * seconds by the warm-up building a large collection's indexes (DurableH2Backend), while the
     * database's own lock, which createIndexes holds, stops every other command meanwhile.
     */
    static <P> boolean alreadyThere(Map<String, Index<P>> indexesByName, Index<P> index) {
        Index<P> existing = indexesByName.get(index.getName());
        return existing != null && existing.hasSameOptions(index);
    }

    /** Records the collection's index of this name (under the collection's lock, after it was added). */
    static <P> void remember(Map<String, Index<P>> indexesByName, List<Index<P>> indexes, String name) {
        for (Index<P> index : indexes) {
            if (index.getName().equals(name)) indexesByName.put(name, index);
        }
    }

    static final class IndexedMemoryDatabase extends MemoryDatabase {
        IndexedMemoryDatabase(String databaseName, CursorRegistry cursorRegistry) {
            super(databaseName, cursorRegistry);
        }

        @Override
        protected MemoryCollection openOrCreateCollection(String collectionName, CollectionOptions options) {
            return new IndexedMemoryCollection(this, collectionName, options, cursorRegistry);
        }

        @Override
        protected Index<Integer> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
            return new SecondaryIndex<>(indexName, keys, sparse);
        }

        /** The library's unique index, with a Folio index beside it for the planner ({@link ShadowedUniqueIndex}). */
        @Override
        protected Index<Integer> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
            Index<Integer> unique = super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse);
            return ShadowedUniqueIndex.isShadowed(indexName) ? new ShadowedUniqueIndex<>(unique, sparse) : unique;
        }

        /** Atomic with the implicit creation, as in {@link IndexedH2Database#createCollectionOrThrowIfExists}. */
        @Override
        public synchronized MongoCollection<Integer> createCollectionOrThrowIfExists(String collectionName, CollectionOptions options) {
            return super.createCollectionOrThrowIfExists(collectionName, options);
        }

        @Override
        public Document handleCommand(Channel channel, String command, Document query, DatabaseResolver resolver, Oplog oplog) {
            Document counted = QueryPlanner.countingAggregate(getDatabaseName(), command, query, name -> resolveCollection(name, false));
            if (counted != null) return counted;
            return QueryPlanner.aggregating(getDatabaseName(), command, query,
                () -> {
                    if (!FolioPipeline.handles(command, query)) return super.handleCommand(channel, command, query, resolver, oplog);
                    clearLastStatus(channel);
                    return FolioPipeline.aggregate(this, command, query, resolver, oplog);
                });
        }
    }

    static final class IndexedMemoryCollection extends MemoryCollection implements Counting {
        private final QueryPlanner<Integer> planner = new QueryPlanner<>(this::getIndexes, this::getDocument,
            this::streamAllDocumentsWithPosition, Comparator.naturalOrder(), this::count);

        IndexedMemoryCollection(MongoDatabase database, String collectionName, CollectionOptions options, CursorRegistry cursorRegistry) {
            super(database, collectionName, options, cursorRegistry);
        }

        @Override
        protected QueryResult queryDocuments(Document query, Document orderBy, int skip, int limit, int batchSize, Document projection) {
            return planner.query(query, orderBy, skip, limit, document -> documentMatchesQuery(document, query),
                candidates -> matchDocumentsFromStream(candidates, query, orderBy, skip, limit, batchSize, projection),
                () -> super.queryDocuments(query, orderBy, skip, limit, batchSize, projection));
        }

        @Override
        public synchronized Stream<Document> queryAllAsStream() {
            return planner.aggregateSource(getFullName(), super::queryAllAsStream);
        }

        @Override
        protected void removeDocument(Integer position) {
            planner.removing(position, getDocument(position));
            super.removeDocument(position);
        }

        // Unsynchronized in mongo-java-server; the planner and the index list need the collection's lock.

        @Override
        public synchronized int count(Document query, int skip, int limit) {
            long exact = skip <= 0 && limit <= 0 ? planner.exactCount(query) : -1;
            return exact >= 0 ? (int) exact : super.count(query, skip, limit);
        }

        /** The count of an aggregate {@code [{$match}, {$group: {_id: …, n: {$sum: 1}}}]} from an index, or -1. */
        @Override
        public synchronized long exactCount(Document query) {
            return planner.exactCount(query);
        }

        private final Map<String, Index<Integer>> indexesByName = new ConcurrentHashMap<>();

        @Override
        public void addIndex(Index<Integer> index) {
            if (alreadyThere(indexesByName, index)) return;
            synchronized (this) {
                super.addIndex(index);
                remember(indexesByName, getIndexes(), index.getName());
            }
        }

        @Override
        public synchronized void dropIndex(String indexName) {
            super.dropIndex(indexName);
            indexesByName.remove(indexName);
        }
    }

    static final class IndexedH2Database extends H2Database {
        private final MVStore store;

        IndexedH2Database(String databaseName, MVStore store, CursorRegistry cursorRegistry) {
            super(databaseName, store, cursorRegistry);
            this.store = store;
            super.initializeNamespacesAndIndexes();
        }

        /** H2Database's constructor calls this before {@link #store} is set, which opening collections needs: run once it is. */
        @Override
        protected void initializeNamespacesAndIndexes() {
            if (store != null) super.initializeNamespacesAndIndexes();
        }

        /** The maps H2Database opens for a collection ("databases." and "meta." are its names for them). */
        @Override
        protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
            String fullName = getFullCollectionNamespace(collectionName);
            MVMap<Object, Document> dataMap = store.openMap("databases." + fullName);
            MVMap<String, Object> metaMap = store.openMap("meta." + fullName);
            return new IndexedH2Collection(this, collectionName, options, dataMap, metaMap, cursorRegistry);
        }

        @Override
        protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
            return new SecondaryIndex<>(indexName, keys, sparse);
        }

        /** The library's unique index, with a Folio index beside it for the planner ({@link ShadowedUniqueIndex}). */
        @Override
        protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
            Index<Object> unique = super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse);
            return ShadowedUniqueIndex.isShadowed(indexName) ? new ShadowedUniqueIndex<>(unique, sparse) : unique;
        }

        /**
         * The {@code create} command (mongoose's autoCreate, Payload's first start on an empty database):
         * mongo-java-server checks that the collection is missing and then creates it without the
         * database's lock, which insert and createIndexes hold while they create a missing collection
         * themselves. Run alongside them for the same new collection, it created the collection a second
         * time: a duplicate key in system.namespaces here ("already existed in ...system.namespaces",
         * so Folio could not start), and in both backends the second collection replaced the first, with
         * its documents and indexes gone. Under that lock, a create that comes second gets
         * NamespaceExists (48), as from MongoDB, which mongoose accepts.
         */
        @Override
        public synchronized MongoCollection<Object> createCollectionOrThrowIfExists(String collectionName, CollectionOptions options) {
            return super.createCollectionOrThrowIfExists(collectionName, options);
        }

        @Override
        public Document handleCommand(Channel channel, String command, Document query, DatabaseResolver resolver, Oplog oplog) {
            Document counted = QueryPlanner.countingAggregate(getDatabaseName(), command, query, name -> resolveCollection(name, false));
            if (counted != null) return counted;
            return QueryPlanner.aggregating(getDatabaseName(), command, query,
                () -> {
                    if (!FolioPipeline.handles(command, query)) return super.handleCommand(channel, command, query, resolver, oplog);
                    clearLastStatus(channel);
                    return FolioPipeline.aggregate(this, command, query, resolver, oplog);
                });
        }

        /**
         * H2Database renames a collection's maps by the name the collection has after the rename, so
         * its data stayed under the old name and the collection came back empty after a restart (and
         * a later collection of the old name got its unique indexes). Renames them here.
         */
        @Override
        public void moveCollection(MongoDatabase oldDatabase, MongoCollection<?> collection, String newCollectionName) {
            String oldName = collection.getFullName();
            super.moveCollection(oldDatabase, collection, newCollectionName);
            String newName = collection.getFullName();
            renameMap("databases." + oldName, "databases." + newName);
            renameMap("meta." + oldName, "meta." + newName);
            for (Index<?> index : collection.getIndexes()) {
                renameMap(oldName + "._index_" + index.getName(), newName + "._index_" + index.getName());
            }
        }

        private void renameMap(String from, String to) {
            if (!store.hasMap(from)) return;
            // An empty map H2Database opened under the new name, or a stale one.
            if (store.hasMap(to)) store.removeMap(to);
            store.renameMap(store.openMap(from), to);
        }
    }

    static final class IndexedH2Collection extends H2Collection implements Counting {
        private final QueryPlanner<Object> planner;

        IndexedH2Collection(MongoDatabase database, String collectionName, CollectionOptions options,
                            MVMap<Object, Document> dataMap, MVMap<String, Object> metaMap, CursorRegistry cursorRegistry) {
            super(database, collectionName, options, dataMap, metaMap, cursorRegistry);
            // Natural order is the data map's key order, which a scan reads in.
            planner = new QueryPlanner<>(this::getIndexes, this::getDocument, this::streamAllDocumentsWithPosition,
                dataMap.getKeyType(), this::count);
        }

        /** Builds the indexes of a reopened file ahead of their first query (DurableH2Backend's warm-up). */
        synchronized void buildIndexes() {
            planner.buildNewIndexes();
        }

        @Override
        protected QueryResult queryDocuments(Document query, Document orderBy, int skip, int limit, int batchSize, Document projection) {
            return planner.query(query, orderBy, skip, limit, document -> documentMatchesQuery(document, query),
                candidates -> matchDocumentsFromStream(candidates, query, orderBy, skip, limit, batchSize, projection),
                () -> super.queryDocuments(query, orderBy, skip, limit, batchSize, projection));
        }

        @Override
        public synchronized Stream<Document> queryAllAsStream() {
            return planner.aggregateSource(getFullName(), super::queryAllAsStream);
        }

        @Override
        protected void removeDocument(Object position) {
            planner.removing(position, getDocument(position));
            super.removeDocument(position);
        }

        // Unsynchronized in mongo-java-server; the planner and the index list need the collection's lock.

        @Override
        public synchronized int count(Document query, int skip, int limit) {
            long exact = skip <= 0 && limit <= 0 ? planner.exactCount(query) : -1;
            return exact >= 0 ? (int) exact : super.count(query, skip, limit);
        }

        /** The count of an aggregate {@code [{$match}, {$group: {_id: …, n: {$sum: 1}}}]} from an index, or -1. */
        @Override
        public synchronized long exactCount(Document query) {
            return planner.exactCount(query);
        }

        private final Map<String, Index<Object>> indexesByName = new ConcurrentHashMap<>();

        @Override
        public void addIndex(Index<Object> index) {
            if (alreadyThere(indexesByName, index)) return;
            synchronized (this) {
                super.addIndex(index);
                remember(indexesByName, getIndexes(), index.getName());
            }
        }

        @Override
        public synchronized void dropIndex(String indexName) {
            super.dropIndex(indexName);
            indexesByName.remove(indexName);
        }
    }
}
