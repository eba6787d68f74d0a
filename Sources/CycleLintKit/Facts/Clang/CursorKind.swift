/// The libclang cursor, type and option constants cyclelint reads (values of clang-c/Index.h,
/// stable across LLVM releases).
enum CursorKind {
    static let structDecl: Int32 = 2
    static let unionDecl: Int32 = 3
    static let fieldDecl: Int32 = 6
    static let functionDecl: Int32 = 8
    static let varDecl: Int32 = 9
    static let parmDecl: Int32 = 10
    static let objCInterfaceDecl: Int32 = 11
    static let objCCategoryDecl: Int32 = 12
    static let objCProtocolDecl: Int32 = 13
    static let objCPropertyDecl: Int32 = 14
    static let objCIvarDecl: Int32 = 15
    static let objCInstanceMethodDecl: Int32 = 16
    static let objCClassMethodDecl: Int32 = 17
    static let objCImplementationDecl: Int32 = 18
    static let objCCategoryImplDecl: Int32 = 19
    static let typedefDecl: Int32 = 20
    static let objCSuperClassRef: Int32 = 40
    static let objCProtocolRef: Int32 = 41
    static let objCClassRef: Int32 = 42
    static let typeRef: Int32 = 43
    static let firstInvalid: Int32 = 70
    static let lastInvalid: Int32 = 73
    static let unexposedExpr: Int32 = 100
    static let declRefExpr: Int32 = 101
    static let memberRefExpr: Int32 = 102
    static let callExpr: Int32 = 103
    static let objCMessageExpr: Int32 = 104
    static let blockExpr: Int32 = 105
    static let integerLiteral: Int32 = 106
    static let stringLiteral: Int32 = 109
    static let parenExpr: Int32 = 111
    static let unaryOperator: Int32 = 112
    static let binaryOperator: Int32 = 114
    static let compoundAssignOperator: Int32 = 115
    static let conditionalOperator: Int32 = 116
    static let cStyleCastExpr: Int32 = 117
    static let gnuNullExpr: Int32 = 123
    static let objCStringLiteral: Int32 = 137
    static let objCBridgedCastExpr: Int32 = 141
    static let objCBoolLiteralExpr: Int32 = 145
    static let objCSelfExpr: Int32 = 146
    static let compoundStmt: Int32 = 202
    static let returnStmt: Int32 = 214
    static let declStmt: Int32 = 231
}

/// `CXTypeKind` values.
enum ClangTypeKind {
    static let void: Int32 = 2
    static let objCId: Int32 = 27
    static let pointer: Int32 = 101
    static let blockPointer: Int32 = 102
    static let record: Int32 = 105
    static let typedef: Int32 = 107
    static let objCInterface: Int32 = 108
    static let objCObjectPointer: Int32 = 109
    static let functionNoProto: Int32 = 110
    static let functionProto: Int32 = 111
    static let elaborated: Int32 = 119
}

/// `CXObjCPropertyAttrKind` bits.
enum PropertyAttribute {
    static let readonly: UInt32 = 0x01
    static let assign: UInt32 = 0x04
    static let retain: UInt32 = 0x10
    static let copy: UInt32 = 0x20
    static let weak: UInt32 = 0x200
    static let strong: UInt32 = 0x400
    static let unsafeUnretained: UInt32 = 0x800
    static let classProperty: UInt32 = 0x1000
}

/// `CXTranslationUnit_Flags` bits.
enum ParseOption {
    static let skipFunctionBodies: UInt32 = 0x40
    static let keepGoing: UInt32 = 0x200
}
