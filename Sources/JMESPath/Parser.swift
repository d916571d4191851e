/// A top-down operator precedence (Pratt) parser over the lexer's tokens, with the binding powers
/// of `Token.Kind.bindingPower`. It accepts exactly what jmespath.py 1.1.0 accepts, including its
/// leniencies (function arguments and multi-select-hash pairs without commas, a trailing comma in a
/// function call), since the AWS CLI is built on it; see docs/jmespath.md.
struct Parser {
    /// Tokens with a binding power below this end a projection's right-hand side.
    static let projectionStop = 10

    private let tokens: [Token]
    private let expression: String
    private var index = 0
    /// An upper bound of the syntax tree's height while it is built. Deeper trees (more than 256
    /// nested brackets, or chains like `a.a.a…` longer than that) are refused, so that evaluating
    /// and releasing a tree stays well inside the stack (jmespath.py stops at Python's recursion
    /// limit of about 1000 frames for nesting, but takes long chains).
    private var nesting = 0
    static let maximumNesting = 256

    static func parse(_ expression: String) throws -> Node {
        var parser = Parser(tokens: try Lexer.tokenize(expression), expression: expression)
        let node = try parser.parseExpression(0)
        guard parser.current.kind == .eof else { throw parser.unexpected(parser.current) }
        return node
    }

    private init(tokens: [Token], expression: String) {
        self.tokens = tokens
        self.expression = expression
    }

    private var current: Token { tokens[index] }
    private func lookahead(_ n: Int) -> Token.Kind { tokens[min(index + n, tokens.count - 1)].kind }
    private mutating func advance() { index += 1 }

    private mutating func parseExpression(_ rightBindingPower: Int) throws -> Node {
        try deepen()
        var levels = 1
        defer { nesting -= levels }
        let token = current
        advance()
        var left = try nud(token)
        while rightBindingPower < current.kind.bindingPower {
            try deepen()
            levels += 1
            let token = current
            advance()
            left = try led(token, left)
        }
        return left
    }

    /// Each call and each operator that wraps the expression so far adds a level to the tree.
    private mutating func deepen() throws {
        nesting += 1
        if nesting > Self.maximumNesting {
            throw error("the expression is nested more than \(Self.maximumNesting) levels deep", at: current)
        }
    }

    // MARK: Tokens that start an expression

    private mutating func nud(_ token: Token) throws -> Node {
        switch token.kind {
        case .literal: return .literal(token.literal)
        case .unquotedIdentifier: return .field(token.name)
        case .quotedIdentifier:
            if current.kind == .lparen { throw error("a quoted identifier cannot name a function", at: token) }
            return .field(token.name)
        case .current: return .current
        case .star:
            let right: Node = current.kind == .rbracket ? .current : try projectionRHS(Token.Kind.star.bindingPower)
            return .valueProjection(.current, right)
        case .filter: return try filter(left: .current)
        case .lbrace: return try multiSelectHash()
        case .lparen:
            let inner = try parseExpression(0)
            try match(.rparen)
            return inner
        case .flatten: return .projection(.flatten(.current), try projectionRHS(Token.Kind.flatten.bindingPower))
        case .not: return .not(try parseExpression(Token.Kind.not.bindingPower))
        case .expref: return .expressionReference(try parseExpression(Token.Kind.expref.bindingPower))
        case .lbracket:
            if current.kind == .number || current.kind == .colon {
                return try projectIfSlice(.current, try bracketSpecifier())
            }
            if current.kind == .star && lookahead(1) == .rbracket {
                advance()
                advance()
                return .projection(.current, try projectionRHS(Token.Kind.star.bindingPower))
            }
            return try multiSelectList()
        case .eof: throw incomplete(token)
        default: throw unexpected(token)
        }
    }

    // MARK: Tokens that continue an expression

    private mutating func led(_ token: Token, _ left: Node) throws -> Node {
        switch token.kind {
        case .dot:
            if current.kind == .star {
                advance()
                return .valueProjection(left, try projectionRHS(Token.Kind.dot.bindingPower))
            }
            return .subexpression(left, try dotRHS(Token.Kind.dot.bindingPower))
        case .pipe: return .pipe(left, try parseExpression(Token.Kind.pipe.bindingPower))
        case .or: return .or(left, try parseExpression(Token.Kind.or.bindingPower))
        case .and: return .and(left, try parseExpression(Token.Kind.and.bindingPower))
        case .eq, .ne, .lt, .lte, .gt, .gte:
            return .comparison(Self.comparators[token.kind]!, left, try parseExpression(token.kind.bindingPower))
        case .lparen: return try functionCall(left, nameToken: tokens[index - 2])
        case .filter: return try filter(left: left)
        case .flatten: return .projection(.flatten(left), try projectionRHS(Token.Kind.flatten.bindingPower))
        case .lbracket:
            if current.kind == .number || current.kind == .colon {
                let right = try bracketSpecifier()
                // jmespath.py appends to an index expression without projecting, even for a slice:
                // `a[0][1:2].b` reads `b` of the sliced array (null), it does not project `.b`.
                if case .indexExpression = left { return .indexExpression(left, right) }
                return try projectIfSlice(left, right)
            }
            try match(.star)
            try match(.rbracket)
            return .projection(left, try projectionRHS(Token.Kind.star.bindingPower))
        default:
            throw unexpected(token)
        }
    }

    private static let comparators: [Token.Kind: Comparator] = [
        .eq: .equal, .ne: .notEqual, .lt: .less, .lte: .lessOrEqual, .gt: .greater, .gte: .greaterOrEqual,
    ]

    private mutating func functionCall(_ left: Node, nameToken: Token) throws -> Node {
        guard case .field(let name) = left else {
            throw error("only a plain name can be called as a function", at: nameToken)
        }
        var arguments: [Node] = []
        while current.kind != .rparen {
            let argument = try parseExpression(0)
            if current.kind == .comma { advance() }
            arguments.append(argument)
        }
        advance()
        return .function(name: name, arguments: arguments, offset: nameToken.offset)
    }

    private mutating func filter(left: Node) throws -> Node {
        let condition = try parseExpression(0)
        try match(.rbracket)
        let right: Node = current.kind == .flatten ? .current : try projectionRHS(Token.Kind.filter.bindingPower)
        return .filterProjection(left, right, condition: condition)
    }

    /// After `[` and before a number or `:`: an index `[n]` or a slice `[start:stop:step]`.
    private mutating func bracketSpecifier() throws -> Node {
        guard current.kind == .colon || lookahead(1) == .colon else {
            let number = current.number
            advance()
            try match(.rbracket)
            return .index(number)
        }
        var parts: [Int?] = [nil, nil, nil]
        var part = 0
        while current.kind != .rbracket && part < 3 {
            switch current.kind {
            case .colon:
                part += 1
                if part == 3 { throw error("a slice has at most three parts", at: current) }
            case .number: parts[part] = current.number
            default: throw unexpected(current, expecting: "a number, ':' or ']' in a slice")
            }
            advance()
        }
        try match(.rbracket)
        return .slice(start: parts[0], stop: parts[1], step: parts[2])
    }

    private mutating func projectIfSlice(_ left: Node, _ right: Node) throws -> Node {
        let indexed = Node.indexExpression(left, right)
        guard case .slice = right else { return indexed }
        return .projection(indexed, try projectionRHS(Token.Kind.star.bindingPower))
    }

    /// What a projection applies to each element: nothing (a token that stops projections), a
    /// bracket or filter, or `.` and what may follow a dot.
    private mutating func projectionRHS(_ bindingPower: Int) throws -> Node {
        switch current.kind {
        case let kind where kind.bindingPower < Self.projectionStop: return .current
        case .lbracket, .filter: return try parseExpression(bindingPower)
        case .dot:
            advance()
            return try dotRHS(bindingPower)
        default: throw unexpected(current, expecting: "'.', '[' or '[?' after a projection")
        }
    }

    private mutating func dotRHS(_ bindingPower: Int) throws -> Node {
        switch current.kind {
        case .unquotedIdentifier, .quotedIdentifier, .star: return try parseExpression(bindingPower)
        case .lbracket:
            advance()
            return try multiSelectList()
        case .lbrace:
            advance()
            return try multiSelectHash()
        default: throw unexpected(current, expecting: "an identifier, '*', '[' or '{' after '.'")
        }
    }

    private mutating func multiSelectList() throws -> Node {
        var elements: [Node] = []
        while true {
            elements.append(try parseExpression(0))
            if current.kind == .rbracket { break }
            try match(.comma)
        }
        advance()
        return .multiSelectList(elements)
    }

    private mutating func multiSelectHash() throws -> Node {
        var pairs: [KeyedNode] = []
        while true {
            let keyToken = current
            guard keyToken.kind == .unquotedIdentifier || keyToken.kind == .quotedIdentifier else {
                throw keyToken.kind == .eof ? incomplete(keyToken) : unexpected(keyToken, expecting: "a key name")
            }
            advance()
            try match(.colon)
            pairs.append(KeyedNode(key: keyToken.name, node: try parseExpression(0)))
            if current.kind == .comma {
                advance()
            } else if current.kind == .rbrace {
                advance()
                return .multiSelectHash(pairs)
            }
        }
    }

    // MARK: Errors

    private mutating func match(_ kind: Token.Kind) throws {
        guard current.kind == kind else {
            throw current.kind == .eof ? incomplete(current) : unexpected(current, expecting: kind.rawValue)
        }
        advance()
    }

    private func error(_ message: String, at token: Token) -> JMESPathError {
        JMESPathError(.syntax, message, expression: expression, offset: token.offset)
    }

    private func incomplete(_ token: Token) -> JMESPathError {
        error("the expression ends too early", at: token)
    }

    private func unexpected(_ token: Token, expecting: String? = nil) -> JMESPathError {
        if token.kind == .eof { return incomplete(token) }
        let found = describe(token)
        return error(expecting.map { "expected \($0), found \(found)" } ?? "unexpected \(found)", at: token)
    }

    private func describe(_ token: Token) -> String {
        switch token.kind {
        case .unquotedIdentifier: "identifier '\(token.name)'"
        case .quotedIdentifier: "quoted identifier"
        case .number: "number \(token.number)"
        case .literal: "literal"
        default: token.kind.rawValue
        }
    }
}
