/// A lexical token. `kind` raw values follow the token names of the JMESPath grammar.
struct Token: Sendable {
    enum Kind: String, Sendable {
        case eof, unquotedIdentifier = "identifier", quotedIdentifier = "quoted identifier", literal, number
        case rbracket = "']'", rparen = "')'", comma = "','", rbrace = "'}'", colon = "':'", current = "'@'"
        case expref = "'&'", pipe = "'|'", or = "'||'", and = "'&&'", not = "'!'"
        case eq = "'=='", ne = "'!='", gt = "'>'", gte = "'>='", lt = "'<'", lte = "'<='"
        case flatten = "'[]'", star = "'*'", filter = "'[?'", dot = "'.'", lbrace = "'{'", lbracket = "'['", lparen = "'('"

        /// Binding powers of the top-down operator precedence parser (the specification's and
        /// jmespath.py's table). Tokens below `Parser.projectionStop` end a projection.
        var bindingPower: Int {
            switch self {
            case .eof, .unquotedIdentifier, .quotedIdentifier, .literal, .rbracket, .rparen, .comma, .rbrace,
                 .number, .current, .expref, .colon: 0
            case .pipe: 1
            case .or: 2
            case .and: 3
            case .eq, .ne, .gt, .gte, .lt, .lte: 5
            case .flatten: 9
            case .star: 20
            case .filter: 21
            case .dot: 40
            case .not: 45
            case .lbrace: 50
            case .lbracket: 55
            case .lparen: 60
            }
        }
    }

    var kind: Kind
    /// Offset of the token's first scalar in the expression.
    var offset: Int
    /// The identifier's name (unquoted or decoded from its quotes).
    var name: String = ""
    var number: Int = 0
    /// The value of a JSON literal or raw string.
    var literal: JMESValue = .null
}
