# Turns src/db/migrations/<dialect>/NNNN_name.sql into a generated C++ table, so the binary
# carries its schema and `marquee migrate` needs no files beside it.
function(embed_migrations output)
  file(GLOB migration_files CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/src/db/migrations/*/*.sql)
  list(SORT migration_files)
  add_custom_command(
    OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -DOUTPUT=${output} -DSOURCE_DIR=${CMAKE_SOURCE_DIR}
            -P ${CMAKE_SOURCE_DIR}/cmake/GenerateMigrations.cmake
    DEPENDS ${migration_files} ${CMAKE_SOURCE_DIR}/cmake/GenerateMigrations.cmake
    COMMENT "Embedding SQL migrations")
endfunction()
