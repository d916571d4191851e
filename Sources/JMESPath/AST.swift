/// A compiled expression. Node kinds follow the JMESPath grammar; a projection's `right` side is
/// applied to each element of its `left` side's result and null results are dropped.
indirect enum Node: Sendable {
    /// `@`, and the implicit current node of projections and bare brackets.
    case current
    case field(String)
    /// `left.right`: right evaluated on left's result (`left | right` is `.pipe`, same evaluation,
    /// but it stops a projection).
    case subexpression(Node, Node)
    /// `left[…]`: the bracket (index or slice) evaluated on left's result.
    case indexExpression(Node, Node)
    case index(Int)
    case slice(start: Int?, stop: Int?, step: Int?)
    /// `left[*]…`, `left[]…` (left is a `.flatten`) and `left[a:b]…` (left is an index expression).
    case projection(Node, Node)
    /// `left.*…`: a projection over an object's values.
    case valueProjection(Node, Node)
    /// `left[?condition]…`
    case filterProjection(Node, Node, condition: Node)
    case flatten(Node)
    case pipe(Node, Node)
    case or(Node, Node)
    case and(Node, Node)
    case not(Node)
    case comparison(Comparator, Node, Node)
    case literal(JMESValue)
    case multiSelectList([Node])
    case multiSelectHash([KeyedNode])
    /// `name(arguments…)`; `offset` is the name's offset in the expression, for errors.
    case function(name: String, arguments: [Node], offset: Int)
    /// `&expression`: an expression handed to a function instead of a value.
    case expressionReference(Node)
}

struct KeyedNode: Sendable {
    var key: String
    var node: Node
}

enum Comparator: String, Sendable {
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
}
