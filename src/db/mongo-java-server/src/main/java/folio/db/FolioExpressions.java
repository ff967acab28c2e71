package folio.db;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.backend.aggregation.Expression;
import de.bwaldvogel.mongo.bson.Decimal128;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;

/**
 * Aggregation expression operators that MongoDB documents and mongo-java-server 1.47 lacks
 * ({@code $sortArray}, the array forms of {@code $first} and {@code $last}, {@code $let},
 * {@code $switch}) or answers differently ({@code $ifNull} with more than one input expression),
 * evaluated as MongoDB documents them. The library's expression enum cannot be extended, so
 * {@link FolioPipeline} evaluates the expressions that contain one of these operators here, per
 * document, and lets the library evaluate everything else.
 *
 * <p>Everything without one of these operators is handed to the library's own evaluation
 * ({@code Expression.evaluate}), so an operator's arguments mean the same inside and outside them.
 * The library's operators that bind variables ({@code $map}, {@code $filter}, {@code $reduce}) or
 * evaluate lazily ({@code $cond}, {@code $and}, {@code $or}) are evaluated here too when they
 * enclose one of ours: their variables are bound the library's way (a {@code "$name"} entry in a copy
 * of the document) and a branch not taken is not evaluated (so {@code $first} guarded by
 * {@code $isArray} never fails).
 */
final class FolioExpressions {

    /** Operators evaluated here wherever they appear. */
    private static final Set<String> OWN = Set.of("$sortArray", "$first", "$last", "$let", "$switch");
    /** The library's operators, evaluated here when they enclose one of ours. */
    private static final Set<String> ENCLOSING = Set.of("$cond", "$and", "$or", "$map", "$filter", "$reduce", "$ifNull");

    private static final Comparator<Object> BSON_ORDER = FolioExpressions::compareValues;

    /** The library's package-private {@code Expression.evaluate(Object, Document)}: one evaluation for both. */
    private static final MethodHandle LIBRARY_EVALUATE;

    static {
        try {
            Method evaluate = Expression.class.getDeclaredMethod("evaluate", Object.class, Document.class);
            evaluate.setAccessible(true);
            LIBRARY_EVALUATE = MethodHandles.lookup().unreflect(evaluate);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Folio's aggregation operators need mongo-java-server's Expression.evaluate(Object, Document)"
                + " (1.47.0): the library changed", e);
        }
    }

    private FolioExpressions() {
    }

    /** Whether this operator, with this argument, is evaluated here rather than by the library. */
    static boolean isOwn(String operator, Object argument) {
        if (OWN.contains(operator)) return true;
        // The library's $ifNull takes exactly two arguments; MongoDB 5+ takes any number from two.
        return operator.equals("$ifNull") && !(argument instanceof List && ((List<?>) argument).size() == 2);
    }

    /** Whether an operator of the library, enclosing one of ours, is evaluated here (see the class comment). */
    static boolean isEnclosing(String operator, Object argument) {
        return ENCLOSING.contains(operator) && containsOwn(argument);
    }

    /** Whether the expression uses one of the operators evaluated here ({@code $literal} values excepted). */
    static boolean containsOwn(Object expression) {
        if (expression instanceof Document) {
            for (Map.Entry<String, Object> entry : ((Document) expression).entrySet()) {
                if (entry.getKey().equals("$literal")) continue;
                if (isOwn(entry.getKey(), entry.getValue()) || containsOwn(entry.getValue())) return true;
            }
        } else if (expression instanceof List) {
            for (Object value : (List<?>) expression) {
                if (containsOwn(value)) return true;
            }
        }
        return false;
    }

    /** The operator of an expression object ({@code {$op: argument}}), or null for a document of fields. */
    static String operatorOf(Document expression) {
        for (String key : expression.keySet()) {
            if (key.startsWith("$")) {
                if (expression.size() > 1) {
                    throw new MongoServerError(15983, "An object representing an expression must have exactly one field: " + expression);
                }
                return key;
            }
        }
        return null;
    }

    /** The value of an aggregation expression for one document; {@link Missing} when it has none. */
    static Object evaluate(Object expression, Document document) {
        if (expression instanceof List) {
            // An array literal: each element is an expression, and a missing one becomes null.
            List<Object> values = new ArrayList<>();
            for (Object element : (List<?>) expression) {
                values.add(nullIfMissing(evaluate(element, document)));
            }
            return values;
        }
        if (!(expression instanceof Document)) return library(expression, document);
        Document spec = (Document) expression;
        String operator = operatorOf(spec);
        if (operator == null) {
            // An embedded document: each field evaluated, a field without a value left out (the
            // library keeps it as a "missing" value, at any depth but the top).
            Document result = new Document();
            for (Map.Entry<String, Object> entry : spec.entrySet()) {
                Object value = evaluate(entry.getValue(), document);
                if (!(value instanceof Missing)) result.put(entry.getKey(), value);
            }
            return result;
        }
        if (!containsOwn(spec)) return library(spec, document);
        Object argument = spec.get(operator);
        switch (operator) {
            case "$first": return firstOrLast(operator, argument, document, true);
            case "$last": return firstOrLast(operator, argument, document, false);
            case "$sortArray": return sortArray(argument, document);
            case "$ifNull": return ifNull(argument, document);
            case "$let": return let(argument, document);
            case "$switch": return switchCase(argument, document);
            case "$cond": return cond(argument, document);
            case "$and": return andOr(argument, document, true);
            case "$or": return andOr(argument, document, false);
            case "$map": return map(argument, document);
            case "$filter": return filter(argument, document);
            case "$reduce": return reduce(argument, document);
            default:
                // One of the library's eager operators around ours: ours first, then the library's on their values.
                return library(new Document(operator, literalArguments(argument, document)), document);
        }
    }

    private static Object library(Object expression, Document document) {
        try {
            return (Object) LIBRARY_EVALUATE.invokeExact(expression, document);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object literalArguments(Object argument, Document document) {
        if (argument instanceof List) {
            List<Object> values = new ArrayList<>();
            for (Object element : (List<?>) argument) {
                values.add(new Document("$literal", evaluate(element, document)));
            }
            return values;
        }
        if (argument instanceof Document && operatorOf((Document) argument) == null) {
            // Named arguments ({input: …, format: …}): each one evaluated.
            Document values = new Document();
            for (Map.Entry<String, Object> entry : ((Document) argument).entrySet()) {
                values.put(entry.getKey(), new Document("$literal", evaluate(entry.getValue(), document)));
            }
            return values;
        }
        return new Document("$literal", evaluate(argument, document));
    }

    static Object nullIfMissing(Object value) {
        return value instanceof Missing ? null : value;
    }

    private static boolean isTrue(Object value) {
        return Utils.isTrue(value);
    }

    /** The one argument of an operator written as {@code {$op: x}} or {@code {$op: [x]}}. */
    private static Object singleArgument(String operator, Object argument) {
        if (argument instanceof List) {
            List<?> arguments = (List<?>) argument;
            if (arguments.size() != 1) {
                throw new MongoServerError(16020, "Expression " + operator + " takes exactly 1 arguments. " + arguments.size() + " were passed in.");
            }
            return arguments.get(0);
        }
        return argument;
    }

    private static Document namedArguments(String operator, Object argument, Set<String> allowed) {
        if (!(argument instanceof Document)) {
            throw new MongoServerError(operator.equals("$sortArray") ? 2942500 : 16874,
                operator + " requires an object as an argument, found: " + Utils.describeType(argument));
        }
        Document arguments = (Document) argument;
        for (String key : arguments.keySet()) {
            if (!allowed.contains(key)) {
                throw new MongoServerError(operator.equals("$sortArray") ? 2942501 : 16875,
                    operator + " found an unknown argument: " + key);
            }
        }
        return arguments;
    }

    private static Object required(String operator, Document arguments, String name, int code) {
        if (!arguments.containsKey(name)) {
            throw new MongoServerError(code, operator + " requires '" + name + "' to be specified");
        }
        return arguments.get(name);
    }

    /** {@code $first}/{@code $last} of an array: null for null or missing, nothing for an empty array. */
    private static Object firstOrLast(String operator, Object argument, Document document, boolean first) {
        Object value = evaluate(singleArgument(operator, argument), document);
        if (Missing.isNullOrMissing(value)) return null;
        if (!(value instanceof List)) {
            throw new MongoServerError(28689, operator + "'s argument must be an array, but is " + Utils.describeType(value));
        }
        List<?> array = (List<?>) value;
        if (array.isEmpty()) return Missing.getInstance();
        return first ? array.get(0) : array.get(array.size() - 1);
    }

    /** {@code $ifNull: [e1, …, replacement]}: the first input that is neither null nor missing, else the replacement. */
    private static Object ifNull(Object argument, Document document) {
        List<?> arguments = argument instanceof List ? (List<?>) argument : List.of(argument);
        if (arguments.size() < 2) {
            throw new MongoServerError(1257300, "$ifNull needs at least two arguments, had: " + arguments.size());
        }
        for (int i = 0; i < arguments.size() - 1; i++) {
            Object value = evaluate(arguments.get(i), document);
            if (Missing.isNeitherNullNorMissing(value)) return value;
        }
        return evaluate(arguments.get(arguments.size() - 1), document);
    }

    private static Object let(Object argument, Document document) {
        Document arguments = namedArguments("$let", argument, Set.of("vars", "in"));
        if (!arguments.containsKey("vars")) throw new MongoServerError(16876, "Missing 'vars' parameter to $let");
        if (!arguments.containsKey("in")) throw new MongoServerError(16877, "Missing 'in' parameter to $let");
        if (!(arguments.get("vars") instanceof Document)) {
            throw new MongoServerError(10065, "invalid parameter: expected an object (vars)");
        }
        Document scope = document.clone();
        for (Map.Entry<String, Object> variable : ((Document) arguments.get("vars")).entrySet()) {
            // Every variable is evaluated in the enclosing scope, as MongoDB does.
            scope.put("$" + variable.getKey(), evaluate(variable.getValue(), document));
        }
        return evaluate(arguments.get("in"), scope);
    }

    private static Object switchCase(Object argument, Document document) {
        Document arguments = namedArguments("$switch", argument, Set.of("branches", "default"));
        Object branches = arguments.get("branches");
        if (!(branches instanceof List)) {
            throw new MongoServerError(40061, "$switch expected an array for 'branches', found: " + Utils.describeType(branches));
        }
        if (((List<?>) branches).isEmpty()) throw new MongoServerError(40068, "$switch requires at least one branch.");
        for (Object branch : (List<?>) branches) {
            if (!(branch instanceof Document)) {
                throw new MongoServerError(40062, "$switch expected each branch to be an object, found: " + Utils.describeType(branch));
            }
            Document caseThen = (Document) branch;
            if (!caseThen.containsKey("case")) throw new MongoServerError(40064, "$switch requires each branch have a 'case' expression");
            if (!caseThen.containsKey("then")) throw new MongoServerError(40065, "$switch requires each branch have a 'then' expression.");
        }
        for (Object branch : (List<?>) branches) {
            Document caseThen = (Document) branch;
            if (isTrue(evaluate(caseThen.get("case"), document))) return evaluate(caseThen.get("then"), document);
        }
        if (!arguments.containsKey("default")) {
            throw new MongoServerError(40066, "$switch could not find a matching branch for an input, and no default was specified.");
        }
        return evaluate(arguments.get("default"), document);
    }

    private static Object cond(Object argument, Document document) {
        Object condition;
        Object then;
        Object otherwise;
        if (argument instanceof List) {
            List<?> arguments = (List<?>) argument;
            if (arguments.size() != 3) {
                throw new MongoServerError(16020, "Expression $cond takes exactly 3 arguments. " + arguments.size() + " were passed in.");
            }
            condition = arguments.get(0);
            then = arguments.get(1);
            otherwise = arguments.get(2);
        } else {
            Document arguments = namedArguments("$cond", argument, Set.of("if", "then", "else"));
            for (String name : List.of("if", "then", "else")) {
                if (!arguments.containsKey(name)) throw new MongoServerError(17080, "Missing '" + name + "' parameter to $cond");
            }
            condition = arguments.get("if");
            then = arguments.get("then");
            otherwise = arguments.get("else");
        }
        return evaluate(isTrue(evaluate(condition, document)) ? then : otherwise, document);
    }

    private static Object andOr(Object argument, Document document, boolean and) {
        List<?> arguments = argument instanceof List ? (List<?>) argument : List.of(argument);
        for (Object element : arguments) {
            if (isTrue(evaluate(element, document)) != and) return !and;
        }
        return and;
    }

    /** The array an iterating operator walks: null when it is null or missing, an error when it is not an array. */
    private static List<?> inputArray(Object value, int code, String message) {
        if (Missing.isNullOrMissing(value)) return null;
        if (!(value instanceof List)) throw new MongoServerError(code, message + Utils.describeType(value));
        return (List<?>) value;
    }

    private static String variableName(Document arguments, String name, String fallback, Document document) {
        Object value = arguments.containsKey(name) ? evaluate(arguments.get(name), document) : fallback;
        return "$" + value;
    }

    private static Object map(Object argument, Document document) {
        Document arguments = namedArguments("$map", argument, Set.of("input", "as", "in"));
        for (String name : List.of("input", "in")) {
            if (!arguments.containsKey(name)) throw new MongoServerError(16882, "Missing '" + name + "' parameter to $map");
        }
        List<?> input = inputArray(evaluate(arguments.get("input"), document), 16883, "input to $map must be an array not ");
        if (input == null) return null;
        String as = variableName(arguments, "as", "this", document);
        Document scope = document.clone();
        List<Object> result = new ArrayList<>();
        for (Object element : input) {
            scope.put(as, element);
            result.add(nullIfMissing(evaluate(arguments.get("in"), scope)));
        }
        return result;
    }

    private static Object filter(Object argument, Document document) {
        Document arguments = namedArguments("$filter", argument, Set.of("input", "as", "cond", "limit"));
        for (String name : List.of("input", "cond")) {
            if (!arguments.containsKey(name)) throw new MongoServerError(28648, "Missing '" + name + "' parameter to $filter");
        }
        List<?> input = inputArray(evaluate(arguments.get("input"), document), 28651, "input to $filter must be an array not ");
        if (input == null) return null;
        long limit = Long.MAX_VALUE;
        if (arguments.containsKey("limit")) {
            Object value = evaluate(arguments.get("limit"), document);
            if (Missing.isNullOrMissing(value)) {
                limit = Long.MAX_VALUE;
            } else if (!(value instanceof Number) || ((Number) value).doubleValue() != Math.floor(((Number) value).doubleValue())) {
                throw new MongoServerError(327391, "$filter: limit must be represented as a 32-bit integral value: " + value);
            } else if (((Number) value).longValue() < 1) {
                throw new MongoServerError(327392, "$filter: limit must be greater than 0: " + value);
            } else {
                limit = ((Number) value).longValue();
            }
        }
        String as = variableName(arguments, "as", "this", document);
        Document scope = document.clone();
        List<Object> result = new ArrayList<>();
        for (Object element : input) {
            if (result.size() >= limit) break;
            scope.put(as, element);
            if (isTrue(evaluate(arguments.get("cond"), scope))) result.add(element);
        }
        return result;
    }

    private static Object reduce(Object argument, Document document) {
        Document arguments = namedArguments("$reduce", argument, Set.of("input", "initialValue", "in"));
        for (String name : List.of("input", "initialValue", "in")) {
            if (!arguments.containsKey(name)) throw new MongoServerError(40079, "$reduce requires '" + name + "' to be specified");
        }
        List<?> input = inputArray(evaluate(arguments.get("input"), document), 40080, "$reduce requires that 'input' be an array, found: ");
        if (input == null) return null;
        Object value = evaluate(arguments.get("initialValue"), document);
        Document scope = document.clone();
        for (Object element : input) {
            scope.put("$value", value);
            scope.put("$this", element);
            value = evaluate(arguments.get("in"), scope);
        }
        return value;
    }

    /**
     * {@code $sortArray: {input, sortBy}}: {@code sortBy} 1 or -1 sorts by the whole values, a document
     * sorts by fields of the elements. As MongoDB documents it: null for a null or missing input, no
     * implicit array traversal on a sort key (an array is compared as a whole, lexicographically;
     * "a.1" names a field "1"), elements without the field and scalars sort as null, and null and
     * missing sort the same. MongoDB leaves the order of equal elements unspecified; here they keep
     * the input's order.
     */
    private static Object sortArray(Object argument, Document document) {
        Document arguments = namedArguments("$sortArray", argument, Set.of("input", "sortBy"));
        Object inputExpression = required("$sortArray", arguments, "input", 2942502);
        Object sortBy = required("$sortArray", arguments, "sortBy", 2942503);
        Comparator<Object> order = sortOrder(sortBy);
        Object input = evaluate(inputExpression, document);
        if (Missing.isNullOrMissing(input)) return null;
        if (!(input instanceof List)) {
            throw new MongoServerError(2942504, "The input argument to $sortArray must be an array, but was of type: " + Utils.describeType(input));
        }
        List<Object> sorted = new ArrayList<>((List<?>) input);
        sorted.sort(order);
        return sorted;
    }

    private static int direction(Object value) {
        if (value instanceof Number) {
            double number = ((Number) value).doubleValue();
            if (number == 1) return 1;
            if (number == -1) return -1;
        }
        throw new MongoServerError(15975, "$sort key ordering must be 1 (for ascending) or -1 (for descending)");
    }

    private static Comparator<Object> sortOrder(Object sortBy) {
        if (sortBy instanceof Number) {
            int direction = direction(sortBy);
            return (a, b) -> direction * BSON_ORDER.compare(a, b);
        }
        if (!(sortBy instanceof Document)) {
            throw new MongoServerError(2942505, "$sortArray requires sortBy to be either 1, -1 or an object, found: " + Utils.describeType(sortBy));
        }
        Document keys = (Document) sortBy;
        if (keys.isEmpty()) throw new MongoServerError(15976, "$sort stage must have at least one sort key");
        List<String[]> paths = new ArrayList<>();
        List<Integer> directions = new ArrayList<>();
        for (Map.Entry<String, Object> key : keys.entrySet()) {
            paths.add(key.getKey().split("\\.", -1));
            directions.add(direction(key.getValue()));
        }
        return (a, b) -> {
            for (int i = 0; i < paths.size(); i++) {
                int comparison = BSON_ORDER.compare(sortKey(a, paths.get(i)), sortKey(b, paths.get(i)));
                if (comparison != 0) return directions.get(i) * comparison;
            }
            return 0;
        };
    }

    /** A field of an element, through documents only: no array traversal, no positions. */
    private static Object sortKey(Object element, String[] path) {
        Object value = element;
        for (String field : path) {
            if (!(value instanceof Document)) return Missing.getInstance();
            value = ((Document) value).getOrMissing(field);
        }
        return value;
    }

    /**
     * BSON comparison order: the library's comparator (types in MongoDB's order, documents field by
     * field, arrays element by element), with numbers of different types compared by value (the
     * library compares a long and a double as two longs).
     */
    static int compareValues(Object a, Object b) {
        if (a instanceof Number && b instanceof Number && !(a instanceof Decimal128 && b instanceof Decimal128)) {
            return compareNumbers((Number) a, (Number) b);
        }
        return ValueComparator.ascWithoutListHandling().compare(a, b);
    }

    private static boolean isIntegral(Number number) {
        return number instanceof Integer || number instanceof Long || number instanceof Short || number instanceof Byte;
    }

    private static int compareNumbers(Number a, Number b) {
        if (isIntegral(a) && isIntegral(b)) return Long.compare(a.longValue(), b.longValue());
        double x = a instanceof Decimal128 ? ((Decimal128) a).doubleValue() : a.doubleValue();
        double y = b instanceof Decimal128 ? ((Decimal128) b).doubleValue() : b.doubleValue();
        // NaN sorts before every other number, and equals itself.
        if (Double.isNaN(x) || Double.isNaN(y)) return Double.isNaN(x) ? (Double.isNaN(y) ? 0 : -1) : 1;
        if (Double.isInfinite(x) || Double.isInfinite(y)) return Double.compare(x, y);
        return exact(a, x).compareTo(exact(b, y));
    }

    private static BigDecimal exact(Number number, double asDouble) {
        if (isIntegral(number)) return BigDecimal.valueOf(number.longValue());
        if (number instanceof Decimal128) return ((Decimal128) number).toBigDecimal();
        return new BigDecimal(asDouble);
    }
}
