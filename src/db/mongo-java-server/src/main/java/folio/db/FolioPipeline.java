package folio.db;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.backend.aggregation.stage.AggregationStage;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import de.bwaldvogel.mongo.oplog.Oplog;

/**
 * Runs the aggregations mongo-java-server 1.47 answers wrongly or not at all, as MongoDB does: the
 * {@code $set} and {@code $replaceWith} stages (MongoDB's aliases of {@code $addFields} and
 * {@code $replaceRoot}), {@code $addFields} itself (the library evaluates each field against the
 * fields set before it and writes a dotted path as one field literally named "a.b"), dotted paths
 * in {@code $lookup}'s {@code as} (the same), and the expression operators of
 * {@link FolioExpressions}. Payload's polymorphic joins (folders) use all of them.
 *
 * <p>A pipeline that needs none of this is left to the library untouched. Otherwise the pipeline is
 * built stage by stage: stages that need nothing are the library's own; {@code $addFields},
 * {@code $lookup} with a pipeline and {@code $facet} that need help are stages of this class (their
 * sub-pipelines built the same way); in any other stage, each expression that uses one of our
 * operators is computed per document beforehand into a field of its own (evaluated against the
 * stage's input, as the stage would), the stage reads that field instead, and the field is removed
 * after it.
 */
final class FolioPipeline {

    private static final String TEMPORARY_FIELD = "__folio_aggregation_";

    private FolioPipeline() {
    }

    /** Whether this command is an aggregate this class answers (see the class comment). */
    static boolean handles(String command, Document query) {
        if (!command.equalsIgnoreCase("aggregate") || !(query.get("pipeline") instanceof List)) return false;
        List<?> pipeline = (List<?>) query.get("pipeline");
        for (Object stage : pipeline) {
            if (!(stage instanceof Document)) return false; // the library's own error
            if (((Document) stage).containsKey("$changeStream")) return false;
        }
        return needsHelp(pipeline);
    }

    /** The aggregate command's answer, as the library's would be (one batch, no open cursor). */
    static Document aggregate(MongoDatabase database, String command, Document query, DatabaseResolver resolver, Oplog oplog) {
        String collectionName = String.valueOf(query.get(command));
        List<Document> pipeline = Aggregation.parse(query.get("pipeline"));
        MongoCollection<?> collection = database.resolveCollection(collectionName, false);
        Aggregation aggregation = build(pipeline, resolver, database, collection, oplog);
        aggregation.validate(query);
        List<Document> documents = aggregation.computeResult();
        Document cursor = new Document();
        cursor.put("id", 0L);
        cursor.put("ns", database.getDatabaseName() + "." + collectionName);
        cursor.put("firstBatch", documents);
        Document response = new Document("cursor", cursor);
        response.put("ok", 1.0);
        return response;
    }

    private static boolean needsHelp(List<?> pipeline) {
        for (Object stage : pipeline) {
            if (stage instanceof Document && stageNeedsHelp((Document) stage)) return true;
        }
        return false;
    }

    private static String stageName(Document stage) {
        return stage.size() == 1 ? stage.keySet().iterator().next() : null;
    }

    private static boolean stageNeedsHelp(Document stage) {
        String name = stageName(stage);
        if (name == null) return false;
        Object value = stage.get(name);
        switch (name) {
            case "$set":
            case "$replaceWith":
                return true;
            case "$addFields":
                // The library's evaluates each field against the fields set before it, writes a dotted
                // path as one field named "a.b" and merges a computed document into the field's old one.
                return value instanceof Document;
            case "$lookup": {
                if (!(value instanceof Document)) return false;
                Document lookup = (Document) value;
                return lookup.get("as") instanceof String && ((String) lookup.get("as")).contains(".")
                    || FolioExpressions.containsOwn(lookup.get("let"))
                    || lookup.get("pipeline") instanceof List && needsHelp((List<?>) lookup.get("pipeline"));
            }
            case "$facet":
                if (!(value instanceof Document)) return false;
                for (Object pipeline : ((Document) value).values()) {
                    if (pipeline instanceof List && needsHelp((List<?>) pipeline)) return true;
                }
                return false;
            default:
                Map<String, Object> computed = new LinkedHashMap<>();
                withComputedFields(name, value, computed, new int[1]);
                return !computed.isEmpty();
        }
    }

    /** The pipeline as the library's Aggregation, with this class's stages where they are needed. */
    static Aggregation build(List<Document> pipeline, DatabaseResolver resolver, MongoDatabase database,
                             MongoCollection<?> collection, Oplog oplog) {
        Aggregation aggregation = Aggregation.fromPipeline(List.of(), resolver, database, collection, oplog);
        List<AggregationStage> stages = aggregation.getStages();
        int[] temporaryFields = new int[1];
        for (Document original : pipeline) {
            Document stage = normalised(original);
            String name = stageName(stage);
            if (name == null || !stageNeedsHelp(stage)) {
                stages.addAll(library(stage, resolver, database, collection, oplog));
                continue;
            }
            Object value = stage.get(name);
            switch (name) {
                case "$addFields":
                    stages.add(new AddFieldsStage((Document) value));
                    break;
                case "$lookup":
                    addLookup(stages, (Document) value, resolver, database, collection, oplog, temporaryFields);
                    break;
                case "$facet":
                    stages.add(new FacetStage((Document) value, resolver, database, collection, oplog));
                    break;
                default: {
                    Map<String, Object> computed = new LinkedHashMap<>();
                    Object rewritten = withComputedFields(name, value, computed, temporaryFields);
                    stages.add(new ComputeStage(computed));
                    stages.addAll(library(new Document(name, rewritten), resolver, database, collection, oplog));
                    stages.addAll(library(new Document("$unset", new ArrayList<>(computed.keySet())), resolver, database, collection, oplog));
                }
            }
        }
        return aggregation;
    }

    /** {@code $set} is {@code $addFields} and {@code $replaceWith: x} is {@code $replaceRoot: {newRoot: x}}, as MongoDB documents. */
    private static Document normalised(Document stage) {
        String name = stageName(stage);
        if ("$set".equals(name)) return new Document("$addFields", stage.get(name));
        if ("$replaceWith".equals(name)) return new Document("$replaceRoot", new Document("newRoot", stage.get(name)));
        return stage;
    }

    private static List<AggregationStage> library(Document stage, DatabaseResolver resolver, MongoDatabase database,
                                                  MongoCollection<?> collection, Oplog oplog) {
        return Aggregation.fromPipeline(List.of(stage), resolver, database, collection, oplog).getStages();
    }

    private static String temporaryField(int[] counter) {
        return TEMPORARY_FIELD + counter[0]++;
    }

    /**
     * The stage's argument with each outermost expression that {@link FolioExpressions} evaluates
     * replaced by a reference to a field of its own, recorded in {@code computed}. Only the places a
     * stage reads expressions are looked at: {@code $first} in a {@code $group} field is the accumulator.
     */
    private static Object withComputedFields(String stage, Object value, Map<String, Object> computed, int[] counter) {
        switch (stage) {
            case "$project":
            case "$redact":
            case "$sortByCount":
                return replaceExpressions(value, computed, counter);
            case "$replaceRoot":
            case "$graphLookup":
                if (!(value instanceof Document)) return value;
                return replaceNamed((Document) value, stage.equals("$replaceRoot") ? Set.of("newRoot") : Set.of("startWith"), computed, counter);
            case "$lookup":
                // Only a lookup without a pipeline gets here; its let is not used.
                return value;
            case "$match":
                return replaceInMatch(value, computed, counter);
            case "$group":
                if (!(value instanceof Document)) return value;
                return replaceInAccumulators((Document) value, "_id", computed, counter);
            case "$bucket":
            case "$bucketAuto": {
                if (!(value instanceof Document)) return value;
                Document bucket = (Document) replaceNamed((Document) value, Set.of("groupBy"), computed, counter);
                if (bucket.get("output") instanceof Document) {
                    bucket.put("output", replaceInAccumulators((Document) bucket.get("output"), null, computed, counter));
                }
                return bucket;
            }
            default:
                return value;
        }
    }

    private static Object replaceExpressions(Object expression, Map<String, Object> computed, int[] counter) {
        if (expression instanceof List) {
            List<Object> replaced = new ArrayList<>();
            for (Object element : (List<?>) expression) replaced.add(replaceExpressions(element, computed, counter));
            return replaced;
        }
        if (!(expression instanceof Document)) return expression;
        Document spec = (Document) expression;
        String operator = FolioExpressions.operatorOf(spec);
        if (operator == null) {
            Document replaced = new Document();
            for (Map.Entry<String, Object> entry : spec.entrySet()) {
                replaced.put(entry.getKey(), replaceExpressions(entry.getValue(), computed, counter));
            }
            return replaced;
        }
        Object argument = spec.get(operator);
        if (operator.equals("$literal")) return spec;
        if (FolioExpressions.isOwn(operator, argument) || FolioExpressions.isEnclosing(operator, argument)) {
            String field = temporaryField(counter);
            computed.put(field, spec);
            return "$" + field;
        }
        return new Document(operator, replaceExpressions(argument, computed, counter));
    }

    private static Document replaceNamed(Document arguments, Set<String> names, Map<String, Object> computed, int[] counter) {
        Document replaced = new Document();
        for (Map.Entry<String, Object> entry : arguments.entrySet()) {
            replaced.put(entry.getKey(), names.contains(entry.getKey()) ? replaceExpressions(entry.getValue(), computed, counter) : entry.getValue());
        }
        return replaced;
    }

    /** In a query, only {@code $expr} holds expressions (also inside $and, $or and $nor). */
    private static Object replaceInMatch(Object query, Map<String, Object> computed, int[] counter) {
        if (!(query instanceof Document)) return query;
        Document replaced = new Document();
        for (Map.Entry<String, Object> entry : ((Document) query).entrySet()) {
            Object value = entry.getValue();
            if (entry.getKey().equals("$expr")) {
                value = replaceExpressions(value, computed, counter);
            } else if (Set.of("$and", "$or", "$nor").contains(entry.getKey()) && value instanceof List) {
                List<Object> clauses = new ArrayList<>();
                for (Object clause : (List<?>) value) clauses.add(replaceInMatch(clause, computed, counter));
                value = clauses;
            }
            replaced.put(entry.getKey(), value);
        }
        return replaced;
    }

    /** {@code {_id: expression, field: {$accumulator: expression}}}: the expressions, not the accumulators. */
    private static Document replaceInAccumulators(Document fields, String idField, Map<String, Object> computed, int[] counter) {
        Document replaced = new Document();
        for (Map.Entry<String, Object> entry : fields.entrySet()) {
            Object value = entry.getValue();
            if (entry.getKey().equals(idField)) {
                value = replaceExpressions(value, computed, counter);
            } else if (value instanceof Document && ((Document) value).size() == 1) {
                Document accumulator = (Document) value;
                String name = accumulator.keySet().iterator().next();
                value = new Document(name, replaceExpressions(accumulator.get(name), computed, counter));
            }
            replaced.put(entry.getKey(), value);
        }
        return replaced;
    }

    private static void addLookup(List<AggregationStage> stages, Document lookup, DatabaseResolver resolver, MongoDatabase database,
                                  MongoCollection<?> collection, Oplog oplog, int[] counter) {
        if (lookup.containsKey("pipeline")) {
            stages.add(new LookupStage(lookup, resolver, database, oplog));
            return;
        }
        // localField/foreignField with a dotted `as`: the library's lookup into a field of its own, moved into place.
        String field = temporaryField(counter);
        Document renamed = new Document(lookup);
        renamed.put("as", field);
        stages.addAll(library(new Document("$lookup", renamed), resolver, database, collection, oplog));
        String as = (String) lookup.get("as");
        stages.add(new NamedStage("$lookup", stream -> stream.map(document -> {
            Document result = document.clone();
            Object joined = result.remove(field);
            setPath(result, as.split("\\.", -1), 0, joined);
            return result;
        })));
    }

    /**
     * Sets a dotted path as {@code $addFields} does: missing or scalar fields on the way become
     * documents, an array on the way gets the rest of the path set in each element, and
     * {@link Missing} removes the last field. Documents on the way are copied, never changed in place.
     */
    static Object setPath(Object target, String[] path, int index, Object value) {
        if (target instanceof List) {
            List<Object> elements = new ArrayList<>();
            for (Object element : (List<?>) target) {
                elements.add(setPath(element instanceof Document ? ((Document) element).clone() : element, path, index, value));
            }
            return elements;
        }
        Document document = target instanceof Document ? (Document) target : new Document();
        String field = path[index];
        if (index == path.length - 1) {
            if (value instanceof Missing) document.remove(field);
            else document.put(field, value);
            return document;
        }
        Object child = document.get(field);
        Object copy = child instanceof Document ? ((Document) child).clone() : child;
        document.put(field, setPath(copy, path, index + 1, value));
        return document;
    }

    private static final class NamedStage implements AggregationStage {
        private final String name;
        private final java.util.function.UnaryOperator<Stream<Document>> apply;

        NamedStage(String name, java.util.function.UnaryOperator<Stream<Document>> apply) {
            this.name = name;
            this.apply = apply;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Stream<Document> apply(Stream<Document> stream) {
            return apply.apply(stream);
        }
    }

    /**
     * {@code $addFields} (and {@code $set}) as MongoDB documents it: every expression evaluated against
     * the stage's input document, dotted paths set into embedded documents, an embedded document of
     * expressions merged into the field's document, a missing value removing the field.
     */
    private static final class AddFieldsStage implements AggregationStage {
        private final Document fields;

        AddFieldsStage(Document fields) {
            if (fields.isEmpty()) throw new MongoServerError(40177, "Invalid $addFields :: caused by :: specification must have at least one field");
            this.fields = fields;
        }

        @Override
        public String name() {
            return "$addFields";
        }

        @Override
        public Stream<Document> apply(Stream<Document> stream) {
            return stream.map(this::addFields);
        }

        private Document addFields(Document input) {
            Document result = input.clone();
            add(result, input, "", fields);
            return result;
        }

        private void add(Document result, Document input, String prefix, Document specs) {
            for (Map.Entry<String, Object> entry : specs.entrySet()) {
                String path = prefix + entry.getKey();
                Object spec = entry.getValue();
                if (spec instanceof Document && !((Document) spec).isEmpty() && FolioExpressions.operatorOf((Document) spec) == null) {
                    add(result, input, path + ".", (Document) spec);
                } else {
                    setPath(result, path.split("\\.", -1), 0, FolioExpressions.evaluate(spec, input));
                }
            }
        }
    }

    /** Each computed field's expression evaluated against the stage's input (see {@link #withComputedFields}). */
    private static final class ComputeStage implements AggregationStage {
        private final Map<String, Object> computed;

        ComputeStage(Map<String, Object> computed) {
            this.computed = computed;
        }

        @Override
        public String name() {
            return "$addFields";
        }

        @Override
        public Stream<Document> apply(Stream<Document> stream) {
            return stream.map(input -> {
                Document result = input.clone();
                for (Map.Entry<String, Object> field : computed.entrySet()) {
                    Object value = FolioExpressions.evaluate(field.getValue(), input);
                    if (!(value instanceof Missing)) result.put(field.getKey(), value);
                }
                return result;
            });
        }
    }

    /**
     * {@code $lookup} with {@code let} and {@code pipeline}: the sub-pipeline built by this class, its
     * variables evaluated per document, the result set at {@code as} (a dotted path too).
     */
    private static final class LookupStage implements AggregationStage {
        private static final Set<String> KEYS = Set.of("from", "let", "pipeline", "as");
        private final DatabaseResolver resolver;
        private final MongoDatabase database;
        private final Oplog oplog;
        private final MongoCollection<?> from;
        private final Document let;
        private final List<Document> pipeline;
        private final String[] as;

        LookupStage(Document lookup, DatabaseResolver resolver, MongoDatabase database, Oplog oplog) {
            for (String key : lookup.keySet()) {
                if (!KEYS.contains(key)) throw new MongoServerError(9, "FailedToParse", "unknown argument to $lookup: " + key);
            }
            if (!(lookup.get("from") instanceof String)) throw new MongoServerError(9, "FailedToParse", "$lookup 'from' must be a string");
            if (!(lookup.get("as") instanceof String)) throw new MongoServerError(9, "FailedToParse", "$lookup 'as' must be a string");
            Object let = lookup.getOrDefault("let", new Document());
            if (!(let instanceof Document)) throw new MongoServerError(9, "FailedToParse", "$lookup argument 'let' must be an object");
            this.resolver = resolver;
            this.database = database;
            this.oplog = oplog;
            this.from = database.resolveCollection((String) lookup.get("from"), false);
            this.let = (Document) let;
            this.pipeline = Aggregation.parse(lookup.get("pipeline"));
            this.as = ((String) lookup.get("as")).split("\\.", -1);
        }

        @Override
        public String name() {
            return "$lookup";
        }

        @Override
        public Stream<Document> apply(Stream<Document> stream) {
            return stream.map(this::join);
        }

        private Document join(Document document) {
            Document variables = new Document();
            for (Map.Entry<String, Object> variable : let.entrySet()) {
                variables.put("$" + variable.getKey(), FolioExpressions.evaluate(variable.getValue(), document));
            }
            Aggregation aggregation = build(pipeline, resolver, database, from, oplog);
            aggregation.setVariables(variables);
            List<Document> joined = aggregation.computeResult();
            return (Document) setPath(document.clone(), as, 0, joined);
        }
    }

    /** {@code $facet} whose sub-pipelines need this class: each built by it and run over the same input. */
    private static final class FacetStage implements AggregationStage {
        private final Map<String, Aggregation> facets = new LinkedHashMap<>();

        FacetStage(Document facets, DatabaseResolver resolver, MongoDatabase database, MongoCollection<?> collection, Oplog oplog) {
            for (Map.Entry<String, Object> facet : facets.entrySet()) {
                this.facets.put(facet.getKey(), build(Aggregation.parse(facet.getValue()), resolver, database, collection, oplog));
            }
        }

        @Override
        public String name() {
            return "$facet";
        }

        @Override
        public Stream<Document> apply(Stream<Document> stream) {
            List<Document> input = stream.collect(Collectors.toList());
            Document result = new Document();
            for (Map.Entry<String, Aggregation> facet : facets.entrySet()) {
                result.put(facet.getKey(), facet.getValue().runStages(input.stream()));
            }
            return Stream.of(result);
        }
    }
}
