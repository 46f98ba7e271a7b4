// Imported first by the process's entry: React and React Router run their production builds
// unless told otherwise (the development ones check more and render several times slower).
process.env.NODE_ENV ??= "production";
