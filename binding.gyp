{
  "targets": [
    {
      "target_name": "portsentry_native",
      "sources": ["native/portsentry_native.c"],
      "cflags": ["-Wall", "-Wextra", "-O2"],
      "libraries": ["-ldl", "-lpthread"]
    }
  ]
}
