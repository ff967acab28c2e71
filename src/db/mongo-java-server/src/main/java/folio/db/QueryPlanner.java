package folio.db;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;

/**
 * Picks the documents a query can match from its collection's indexes, so that a find, count,
 * update, delete, findAndModify or aggregate (leading $match) by an indexed field reads those
 * documents instead of the whole collection. mongo-java-server uses an index only when the query is
 * exactly {@code {field: value}} or {@code {field: {$in: […]}}} on a unique index, while Payload's
 * queries look like {@code {$and: [{parent: {$eq: id}}, {latest: {$eq: true}}]}}.
 *
 * <p>The index only narrows: the caller applies the whole query to the candidates, and they come in
 * the collection's natural order, so a result is exactly what a scan gives (ties of a sort, skip and
 * limit included). The shapes mongo-java-server serves from a unique index itself stay with it
 * ({@link #queryCandidates}). One planner per collection; its methods run under the collection's lock.
 */
final class QueryPlanner<P> {

    /** A way to find candidates: its size estimate, and the positions it adds to a set. */
    static final class Lookup<P> {
        final long estimate;
        final Consumer<Set<P>> positions;

        Lookup(long estimate, Consumer<Set<P>> positions) {
            this.estimate = estimate;
            this.positions = positions;
        }
    }

    /** The values of an {@code $in}, which mongo-java-server also finds inside arrays nested in an array field. */
    static final class InValues extends ArrayList<Object> {
        private static final long serialVersionUID = 1L;

        InValues(List<?> values) {
            super(values);
        }
    }

    /**
     * Off after a write ran out of memory: its half-done changes may have reached the indexes but
     * not the documents (or been rolled back in H2), so from then on only scans give exact answers.
     * One database per process, so one switch.
     */
    private static volatile boolean trusted = true;

    /** The aggregate command running on this thread: {namespace, its leading $match}. */
    private static final ThreadLocal<Object[]> leadingMatch = new ThreadLocal<>();

    private final Supplier<List<Index<P>>> indexes;
    private final Function<P, Document> documentAt;
    private final Supplier<Stream<DocumentWithPosition<P>>> allDocuments;
    private final Comparator<? super P> naturalOrder;
    private final IntSupplier size;

    QueryPlanner(Supplier<List<Index<P>>> indexes, Function<P, Document> documentAt,
                 Supplier<Stream<DocumentWithPosition<P>>> allDocuments, Comparator<? super P> naturalOrder,
                 IntSupplier size) {
        this.indexes = indexes;
        this.documentAt = documentAt;
        this.allDocuments = allDocuments;
        this.naturalOrder = naturalOrder;
        this.size = size;
    }

    static void distrustIndexes() {
        trusted = false;
    }

    /**
     * A collection's query ({@code queryDocuments}): matched among the candidates when an index
     * narrows it ({@code fromCandidates}, the collection's own matcher), otherwise {@code scan}.
     */
    <R> R query(Document query, Document orderBy, Function<Stream<Document>, R> fromCandidates, Supplier<R> scan) {
        return query(query, orderBy, 0, 0, null, fromCandidates, scan);
    }

    /**
     * The same for a query with its skip and limit: when no equality narrows it, a sort on an
     * indexed field with a limit reads the documents in the index's order, only as far as the
     * first {@code skip + limit} matches ({@code matches}: the collection's matcher).
     */
    <R> R query(Document query, Document orderBy, int skip, int limit, Predicate<Document> matches,
                Function<Stream<Document>, R> fromCandidates, Supplier<R> scan) {
        if (query != null && isServedByUniqueIndex(query)) return scan.get();
        List<Document> candidates = candidates(query, orderBy);
        if (candidates == null && matches != null) candidates = firstInOrder(query, orderBy, skip, limit, matches);
        return candidates == null ? scan.get() : fromCandidates.apply(candidates.stream());
    }

    /** How far an index is read in order for a sorted, limited query: past this, a scan and a sort cost about as much. */
    static final int MAX_ORDERED_READ = 1000;

    /**
     * The documents a sorted and limited query can return, in natural order, read from the index on
     * its first sort field in that field's order: every document up to and including the group of
     * equal values in which the {@code skip + limit}-th match falls. The caller sorts them by the
     * whole sort and applies skip and limit, as after a scan: every document that sorts before the
     * last one returned is among them, and ties keep their natural order. Null when no index gives
     * that order (see {@link SecondaryIndex#groupsInOrder}), without a limit, or for a {@code $natural} sort.
     */
    List<Document> firstInOrder(Document query, Document orderBy, int skip, int limit, Predicate<Document> matches) {
        if (!trusted || orderBy == null || orderBy.isEmpty() || limit <= 0 || skip < 0 || (long) skip + limit > MAX_ORDERED_READ) return null;
        Map.Entry<String, Object> first = orderBy.entrySet().iterator().next();
        if (!(first.getValue() instanceof Number)) return null;
        double direction = ((Number) first.getValue()).doubleValue();
        if (direction != 1 && direction != -1) return null;
        buildNewIndexes();
        List<List<P>> groups = null;
        for (SecondaryIndex<P> index : secondaryIndexes()) {
            if (index.fields().equals(List.of(first.getKey()))) {
                groups = index.groupsInOrder();
                if (groups != null) break;
            }
        }
        if (groups == null) return null;
        if (direction < 0) Collections.reverse(groups);
        int wanted = skip + limit;
        Map<P, Document> found = new TreeMap<>(naturalOrder);
        for (List<P> group : groups) {
            for (P position : group) {
                Document document = documentAt.apply(position);
                if (document != null && (query == null || matches.test(document))) found.put(position, document);
            }
            if (found.size() >= wanted) break;
        }
        return new ArrayList<>(found.values());
    }

    /**
     * How many documents match a query made only of equalities to plain values (at the top level
     * or inside $and) on exactly the fields of one index that holds one key per document; -1 when
     * no index can tell, and the caller counts by reading the documents.
     */
    long exactCount(Document query) {
        if (!trusted || query == null || query.isEmpty()) return -1;
        Map<String, Object> values = new HashMap<>();
        if (!collectExactEqualities(query, values)) return -1;
        buildNewIndexes();
        for (SecondaryIndex<P> index : secondaryIndexes()) {
            List<String> fields = index.fields();
            if (fields.size() != values.size() || !values.keySet().containsAll(fields)) continue;
            List<Object> ordered = new ArrayList<>();
            for (String field : fields) ordered.add(values.get(field));
            long count = index.exactCount(ordered);
            if (count >= 0) return count;
        }
        return -1;
    }

    /** Adds each condition's field and value; false when a condition is anything but a plain equality, or a field is asked twice. */
    private static boolean collectExactEqualities(Document query, Map<String, Object> values) {
        for (Map.Entry<String, Object> condition : query.entrySet()) {
            String field = condition.getKey();
            Object value = condition.getValue();
            if (field.equals("$and")) {
                if (!(value instanceof List) || ((List<?>) value).isEmpty()) return false;
                for (Object part : (List<?>) value) {
                    if (!(part instanceof Document) || !collectExactEqualities((Document) part, values)) return false;
                }
                continue;
            }
            if (field.startsWith("$")) return false;
            if (value instanceof Document) {
                Document operators = (Document) value;
                if (operators.size() != 1 || !operators.containsKey("$eq")) return false;
                value = operators.get("$eq");
            }
            if (!SecondaryIndex.isExactValue(value) || values.containsKey(field)) return false;
            values.put(field, value);
        }
        return true;
    }

    /** The documents an aggregate of {@code namespace} starts from: those its leading $match can match, otherwise {@code all}. */
    Stream<Document> aggregateSource(String namespace, Supplier<Stream<Document>> all) {
        Document match = takeLeadingMatch(namespace);
        List<Document> candidates = match == null ? null : candidates(match, null);
        return candidates != null ? candidates.stream() : all.get();
    }

    /**
     * The candidates of a find, count, distinct, update, delete or findAndModify, or null to leave the
     * query to mongo-java-server. A query one of its unique indexes serves as it is ({@code {f: v}},
     * {@code {f: {$in: […]}}}, a regular expression) stays with it: it answers those in that index's
     * order rather than in natural order, and they keep getting exactly the answer they got before.
     * Any other query it scans.
     */
    List<Document> queryCandidates(Document query, Document orderBy) {
        if (query == null || isServedByUniqueIndex(query)) return null;
        return candidates(query, orderBy);
    }

    private boolean isServedByUniqueIndex(Document query) {
        for (Index<P> index : indexes.get()) {
            if (index.canHandle(query)) return true;
        }
        return false;
    }

    /**
     * The documents that can match {@code query}, in natural order, or null when no index narrows it
     * (then the caller scans). A {@code $natural} sort scans: its order is the storage's own. So does a
     * query that half the documents or more may match (say {@code {_status: 'published'}}): reading
     * them one by one from H2 costs more than reading them all in order.
     */
    List<Document> candidates(Document query, Document orderBy) {
        if (!trusted || query == null || orderBy != null && orderBy.containsKey("$natural")) return null;
        Map<String, List<List<Object>>> equalities = new HashMap<>();
        collectEqualities(query, equalities);
        if (equalities.isEmpty()) return null;
        buildNewIndexes();
        Lookup<P> best = null;
        for (Index<P> index : indexes.get()) {
            SecondaryIndex<P> secondary = secondaryIndex(index);
            Lookup<P> lookup = secondary != null ? secondary.lookup(equalities)
                : index instanceof AbstractUniqueIndex ? uniqueLookup((AbstractUniqueIndex<P>) index, equalities)
                : null;
            if (lookup != null && (best == null || lookup.estimate < best.estimate)) best = lookup;
        }
        if (best == null || best.estimate * 2 > size.getAsInt()) return null;
        Set<P> found = new HashSet<>();
        best.positions.accept(found);
        List<P> positions = new ArrayList<>(found);
        positions.sort(naturalOrder);
        List<Document> documents = new ArrayList<>(positions.size());
        for (P position : positions) {
            Document document = documentAt.apply(position);
            if (document != null) documents.add(document);
        }
        return documents;
    }

    /** A collection's positions are leaving it: its secondary indexes drop them. */
    void removing(P position, Document document) {
        if (document == null) return;
        for (SecondaryIndex<P> index : secondaryIndexes()) index.forget(position, document);
    }

    /**
     * The Folio index of an index of the collection: a non-unique index itself, the secondary index
     * beside a unique one ({@link ShadowedUniqueIndex}), or null (the primary key's unique index).
     */
    private static <P> SecondaryIndex<P> secondaryIndex(Index<P> index) {
        if (index instanceof SecondaryIndex) return (SecondaryIndex<P>) index;
        if (index instanceof ShadowedUniqueIndex) return ((ShadowedUniqueIndex<P>) index).lookup();
        return null;
    }

    private List<SecondaryIndex<P>> secondaryIndexes() {
        List<SecondaryIndex<P>> found = new ArrayList<>();
        for (Index<P> index : indexes.get()) {
            SecondaryIndex<P> secondary = secondaryIndex(index);
            if (secondary != null) found.add(secondary);
        }
        return found;
    }

    /** Builds the indexes created or opened since the last query, all in one pass over the collection. */
    void buildNewIndexes() {
        List<SecondaryIndex<P>> building = new ArrayList<>();
        for (SecondaryIndex<P> index : secondaryIndexes()) {
            if (!index.isBuilt()) building.add(index);
        }
        if (building.isEmpty()) return;
        try {
            allDocuments.get().forEach(entry -> {
                for (SecondaryIndex<P> index : building) index.build(entry.getDocument(), entry.getPosition());
            });
        } catch (RuntimeException | Error e) {
            building.forEach(SecondaryIndex::drop); // empty again, to be built by the next query
            throw e;
        }
        building.forEach(SecondaryIndex::markBuilt);
    }

    /**
     * A unique index serves single-segment fields queried with scalars only: its keys come from
     * mongo-java-server's own path and null rules, which agree with the matcher's there, except that
     * an $in also matches inside nested arrays, which it has no keys for (but _id holds no arrays).
     */
    private Lookup<P> uniqueLookup(AbstractUniqueIndex<P> index, Map<String, List<List<Object>>> equalities) {
        List<String> fields = new ArrayList<>();
        List<List<Object>> valuesPerField = new ArrayList<>();
        for (IndexKey key : index.getKeys()) {
            if (key.getKey().contains(".")) return null;
            List<Object> fewest = null;
            for (List<Object> values : equalities.getOrDefault(key.getKey(), List.of())) {
                if (values instanceof InValues && !key.getKey().equals("_id")) continue;
                if (values.stream().allMatch(SecondaryIndex::isScalar) && (fewest == null || values.size() < fewest.size())) {
                    fewest = values;
                }
            }
            if (fewest == null) return null;
            fields.add(key.getKey());
            valuesPerField.add(fewest);
        }
        List<Object> tuples = combinations(valuesPerField);
        if (tuples == null) return null;
        return new Lookup<>(tuples.size(), found -> {
            for (Object tuple : tuples) {
                Document keyQuery = new Document();
                for (int i = 0; i < fields.size(); i++) keyQuery.put(fields.get(i), ((List<?>) tuple).get(i));
                index.getPositions(keyQuery).forEach(found::add);
            }
        });
    }

    /** Each combination of one value per field, as lists; null past SecondaryIndex.MAX_KEYS. */
    static List<Object> combinations(List<List<Object>> valuesPerField) {
        List<Object> tuples = new ArrayList<>();
        tuples.add(List.of());
        for (List<Object> values : valuesPerField) {
            if ((long) tuples.size() * values.size() > SecondaryIndex.MAX_KEYS) return null;
            List<Object> longer = new ArrayList<>();
            for (Object tuple : tuples) {
                for (Object value : values) {
                    List<Object> extended = new ArrayList<>((List<?>) tuple);
                    extended.add(value);
                    longer.add(extended);
                }
            }
            tuples = longer;
        }
        return tuples;
    }

    /**
     * Adds, per field, the lists of values that a matching document's field must equal one of:
     * {@code v} and {@code {$eq: v}} give one value, {@code {$in: […]}} several, at the top level or
     * inside {@code $and} (and a single-branch {@code $or}), which every match satisfies. Any other
     * condition is left to the matcher.
     */
    static void collectEqualities(Document query, Map<String, List<List<Object>>> equalities) {
        for (Map.Entry<String, Object> condition : query.entrySet()) {
            String field = condition.getKey();
            Object value = condition.getValue();
            if (field.equals("$and") || field.equals("$or") && value instanceof List && ((List<?>) value).size() == 1) {
                if (!(value instanceof List)) continue;
                for (Object part : (List<?>) value) {
                    if (part instanceof Document) collectEqualities((Document) part, equalities);
                }
            } else if (!field.startsWith("$")) {
                List<Object> values = equalityValues(value);
                if (values != null) equalities.computeIfAbsent(field, f -> new ArrayList<>()).add(values);
            }
        }
    }

    private static List<Object> equalityValues(Object condition) {
        if (!(condition instanceof Document)) return Collections.singletonList(condition);
        Document operators = (Document) condition;
        // Only {$eq} and {$in} alone: mongo-java-server matches an embedded document {a: 1} loosely
        // (against a scalar as a sub-query, so {a: null} matches 5), and next to $ne, $nin or $all it
        // skips the other operators for arrays under a dotted path. No key reproduces either.
        if (operators.isEmpty() || !Set.of("$eq", "$in").containsAll(operators.keySet())) return null;
        if (operators.containsKey("$eq")) return Collections.singletonList(operators.get("$eq"));
        if (operators.get("$in") instanceof List) return new InValues((List<?>) operators.get("$in"));
        return null;
    }

    /**
     * The answer to an aggregate that only counts the documents of a $match (mongoose's
     * countDocuments, which Payload's pagination sends: {@code [{$match: q}, {$group: {_id: 1, n:
     * {$sum: 1}}}]}) when an index knows the count, as mongo-java-server answers it; otherwise null.
     */
    static Document countingAggregate(String databaseName, String command, Document query, Function<String, Object> collections) {
        if (!command.equalsIgnoreCase("aggregate") || !(query.get(command) instanceof String) || query.containsKey("collation")
            || query.containsKey("explain") || !(query.get("pipeline") instanceof List) || ((List<?>) query.get("pipeline")).size() != 2) {
            return null;
        }
        List<?> pipeline = (List<?>) query.get("pipeline");
        if (!(pipeline.get(0) instanceof Document) || !(pipeline.get(1) instanceof Document)) return null;
        Document match = (Document) pipeline.get(0);
        Document group = (Document) pipeline.get(1);
        if (match.size() != 1 || !(match.get("$match") instanceof Document) || group.size() != 1 || !(group.get("$group") instanceof Document)) return null;
        Document grouping = (Document) group.get("$group");
        if (grouping.size() != 2 || !grouping.containsKey("_id")) return null;
        Object id = grouping.get("_id");
        if (!(id == null || id instanceof Number || id instanceof Boolean || id instanceof String && !((String) id).startsWith("$"))) return null;
        String countField = null;
        for (String field : grouping.keySet()) {
            if (!field.equals("_id")) countField = field;
        }
        Object sum = grouping.get(countField);
        if (countField.startsWith("$") || !(sum instanceof Document) || !new Document("$sum", 1).equals(sum)) return null;
        Object collection = collections.apply((String) query.get(command));
        if (!(collection instanceof Counting)) return null;
        long count = ((Counting) collection).exactCount((Document) match.get("$match"));
        if (count < 0 || count > Integer.MAX_VALUE) return null;
        List<Document> batch = new ArrayList<>();
        if (count > 0) {
            Document result = new Document("_id", id);
            result.put(countField, (int) count);
            batch.add(result);
        }
        Document cursor = new Document("id", 0L);
        cursor.put("ns", databaseName + "." + query.get(command));
        cursor.put("firstBatch", batch);
        Document response = new Document("cursor", cursor);
        response.put("ok", 1.0);
        return response;
    }

    /**
     * Runs an aggregate command with its leading $match offered to the collection, which then starts
     * the pipeline from that match's candidates instead of every document (see {@link #takeLeadingMatch}).
     */
    static <T> T aggregating(String databaseName, String command, Document query, Supplier<T> run) {
        Object collection = query.get(command);
        Object pipeline = query.get("pipeline");
        if (!command.equalsIgnoreCase("aggregate") || !(collection instanceof String) || !(pipeline instanceof List)
            || ((List<?>) pipeline).isEmpty() || !(((List<?>) pipeline).get(0) instanceof Document)) {
            return run.get();
        }
        Document first = (Document) ((List<?>) pipeline).get(0);
        if (first.size() != 1 || !(first.get("$match") instanceof Document)) return run.get();
        leadingMatch.set(new Object[] {databaseName + "." + collection, first.get("$match")});
        try {
            return run.get();
        } finally {
            leadingMatch.remove();
        }
    }

    /**
     * The leading $match of the aggregate this thread runs over {@code namespace}, once: the
     * pipeline reads the collection first, so later reads (a $lookup into the same collection) get
     * nothing. The $match stage still filters what it is given.
     */
    static Document takeLeadingMatch(String namespace) {
        Object[] pending = leadingMatch.get();
        if (pending == null || !pending[0].equals(namespace)) return null;
        leadingMatch.remove();
        return (Document) pending[1];
    }
}
