/**
 * A Helm post-renderer that gives the chart's Deployment a one-at-a-time rollout
 * (`maxSurge: 0`, `maxUnavailable: 1`).
 *
 * Why: coderd and the workspace proxy run one replica per node of a static pool, and each replica's
 * requests take its whole node. The `coder` chart sets no Deployment strategy, so Kubernetes'
 * default applies: for 2 replicas, maxSurge 1 and maxUnavailable 0 (25% rounded up and down). An
 * upgrade then creates a third pod that fits on no node and waits for it forever, while no old pod
 * may go: every `helm upgrade` (a new version, a changed value) hangs until it times out. Replacing
 * one replica at a time keeps the other serving (the PodDisruptionBudget allows the same one).
 *
 * It runs as `node -e <script>` where Terraform runs (cdktf needs Node there already), reads the
 * rendered manifests on stdin and writes them to stdout with the strategy added under the top-level
 * `spec:` of each Deployment (Helm renders top-level keys at column 0, children 2 spaces in).
 */
export const ONE_AT_A_TIME_ROLLOUT_SCRIPT = [
  // No backslash anywhere: `cdktf synth --hcl` writes this string between quotes without escaping
  // backslashes (cdktf 0.21 lib/hcl/render.js), and HCL would turn a `\n` into a line break inside a
  // JavaScript string literal. Newline and tab come from their character codes instead.
  'const N=String.fromCharCode(10),WS="[ "+String.fromCharCode(9)+"]*";',
  'const line=p=>new RegExp("^"+p+WS+"$","m");',
  'let s="";process.stdin.setEncoding("utf8");',
  'process.stdin.on("data",c=>s+=c);',
  'process.stdin.on("end",()=>{',
  'const docs=s.split(line("---")).map(d=>{',
  'if(!line("kind:"+WS+"Deployment").test(d))return d;',
  'if(/^  strategy:/m.test(d)){process.stderr.write("post-renderer: the Deployment already sets a strategy"+N);process.exit(1);}',
  'if(!line("spec:").test(d)){process.stderr.write("post-renderer: Deployment without a top-level spec"+N);process.exit(1);}',
  'return d.replace(line("spec:"),["spec:","  strategy:","    type: RollingUpdate","    rollingUpdate:","      maxSurge: 0","      maxUnavailable: 1"].join(N));',
  "});",
  'process.stdout.write(docs.join("---"));',
  "});",
].join("");

/** The `postrender` block of a helm_release that applies the script. */
export const ONE_AT_A_TIME_ROLLOUT = { binaryPath: "node", args: ["-e", ONE_AT_A_TIME_ROLLOUT_SCRIPT] };
