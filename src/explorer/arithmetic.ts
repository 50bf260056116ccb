// 32-bit integer arithmetic of the language (LANGUAGE.md §1): wrap-around, `/` truncates toward zero.
// The caller handles a zero divisor (SIGFPE) before calling.
export function evalBinaryOp(op: number, a: number, b: number): number {
  switch (op) {
    case 0: return (a + b) | 0;
    case 1: return (a - b) | 0;
    case 2: return Math.imul(a, b);
    case 3: return (a / b) | 0;
    case 4: return (a % b) | 0;
    case 5: return a << b;
    case 6: return a >> b;
    case 7: return (a >>> b) | 0;
    case 8: return a & b;
    case 9: return a | b;
    case 10: return a ^ b;
    case 11: return a === b ? 1 : 0;
    case 12: return a !== b ? 1 : 0;
    case 13: return a < b ? 1 : 0;
    case 14: return a <= b ? 1 : 0;
    case 15: return a > b ? 1 : 0;
    case 16: return a >= b ? 1 : 0;
    default: throw new Error(`unknown binary operator ${op}`);
  }
}
