// A small AVL tree from bigint to bigint. The allocator needs "greatest key
// <= x" in O(log n) for keys up to 2^128; a hand-rolled tree avoids a
// dependency whose CommonJS default export loads differently under tsx and
// esbuild.

interface TreeNode {
  key: bigint;
  value: bigint;
  left: TreeNode | null;
  right: TreeNode | null;
  height: number;
}

export interface TreeEntry {
  readonly key: bigint;
  readonly value: bigint;
}

export class BigIntTree {
  #root: TreeNode | null = null;
  #size = 0;

  get size(): number {
    return this.#size;
  }

  get(key: bigint): bigint | undefined {
    let node = this.#root;
    while (node) {
      if (key === node.key) return node.value;
      node = key < node.key ? node.left : node.right;
    }
    return undefined;
  }

  /** Entry with the greatest key <= `key`. */
  floor(key: bigint): TreeEntry | undefined {
    let node = this.#root;
    let best: TreeNode | null = null;
    while (node) {
      if (node.key === key) return node;
      if (node.key < key) {
        best = node;
        node = node.right;
      } else node = node.left;
    }
    return best ?? undefined;
  }

  /** Inserts or replaces. */
  set(key: bigint, value: bigint): void {
    this.#root = this.#insert(this.#root, key, value);
  }

  delete(key: bigint): boolean {
    const before = this.#size;
    this.#root = this.#remove(this.#root, key);
    return this.#size < before;
  }

  *entries(): IterableIterator<TreeEntry> {
    const stack: TreeNode[] = [];
    let node = this.#root;
    while (node || stack.length > 0) {
      while (node) {
        stack.push(node);
        node = node.left;
      }
      const top = stack.pop()!;
      yield { key: top.key, value: top.value };
      node = top.right;
    }
  }

  #insert(node: TreeNode | null, key: bigint, value: bigint): TreeNode {
    if (!node) {
      this.#size++;
      return { key, value, left: null, right: null, height: 1 };
    }
    if (key === node.key) {
      node.value = value;
      return node;
    }
    if (key < node.key) node.left = this.#insert(node.left, key, value);
    else node.right = this.#insert(node.right, key, value);
    return rebalance(node);
  }

  #remove(node: TreeNode | null, key: bigint): TreeNode | null {
    if (!node) return null;
    if (key < node.key) node.left = this.#remove(node.left, key);
    else if (key > node.key) node.right = this.#remove(node.right, key);
    else {
      this.#size--;
      if (!node.left || !node.right) return node.left ?? node.right;
      let successor = node.right;
      while (successor.left) successor = successor.left;
      node.key = successor.key;
      node.value = successor.value;
      this.#size++; // the recursive call below counts the successor's removal
      node.right = this.#remove(node.right, successor.key);
    }
    return rebalance(node);
  }
}

const height = (node: TreeNode | null): number => (node ? node.height : 0);

function update(node: TreeNode): TreeNode {
  node.height = 1 + Math.max(height(node.left), height(node.right));
  return node;
}

function rotateRight(node: TreeNode): TreeNode {
  const pivot = node.left!;
  node.left = pivot.right;
  pivot.right = update(node);
  return update(pivot);
}

function rotateLeft(node: TreeNode): TreeNode {
  const pivot = node.right!;
  node.right = pivot.left;
  pivot.left = update(node);
  return update(pivot);
}

function rebalance(node: TreeNode): TreeNode {
  update(node);
  const balance = height(node.left) - height(node.right);
  if (balance > 1) {
    if (height(node.left!.left) < height(node.left!.right)) node.left = rotateLeft(node.left!);
    return rotateRight(node);
  }
  if (balance < -1) {
    if (height(node.right!.right) < height(node.right!.left)) node.right = rotateRight(node.right!);
    return rotateLeft(node);
  }
  return node;
}
